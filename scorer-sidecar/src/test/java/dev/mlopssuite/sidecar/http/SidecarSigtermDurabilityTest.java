package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlopssuite.sidecar.Sidecar;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.log.PredictionRecordJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance line "N acknowledged requests, then SIGTERM: exactly N records on disk", on the
 * real service: {@link Sidecar#main} runs in a child JVM against a real model repository, {@value
 * #REQUESTS} single-row infer requests are answered 200 over HTTP from {@value #CLIENTS} client
 * threads, and only then, with nothing in flight, the child is sent SIGTERM.
 *
 * <p>The prediction log's flush interval is set to {@value #FLUSH_INTERVAL}, far beyond the test's
 * run, and the requests' records (about 2 MB) stay below the size that makes the log write early.
 * So the records reach the disk only if the shutdown path writes them: the hook {@code main}
 * registers stops the server and closes the log.
 *
 * <p>What is asserted, exactly: the child exits on the signal (143) within {@link #WITHIN}; every
 * log file ends in a whole line and every line parses; each request id the test sent and saw
 * acknowledged is on disk exactly once; and there are no other records, so the records on disk are
 * exactly the {@value #REQUESTS} acknowledged. No request is sent during the shutdown: a request in
 * flight at SIGTERM may be logged and then lose its answer with the connection, which would make
 * "acknowledged" and "on disk" differ by design, not by a fault.
 */
class SidecarSigtermDurabilityTest {
  private static final int REQUESTS = 3_000;
  private static final int CLIENTS = 4;
  private static final String FLUSH_INTERVAL = "PT1H";
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final String ID_PREFIX = "sigterm-";

  @TempDir Path root;

  @Test
  void exactlyTheAcknowledgedRequestsAreOnDiskAfterSigterm() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    live.promote("v1", null); // before the start: the child finds v1 on its first fetch
    List<String> features = live.features("v1");
    String yaml = Files.readString(live.config);
    assertTrue(yaml.contains("  flushInterval: PT0.2S\n"), "the fixture's YAML changed:\n" + yaml);
    Files.writeString(
        live.config,
        yaml.replace("  flushInterval: PT0.2S\n", "  flushInterval: " + FLUSH_INTERVAL + "\n"));
    Path logDir = root.resolve("predictions");

    // To files, not pipes: the last lines of a pipe can be lost when the process exits.
    Path stdout = root.resolve("child-stdout.txt");
    Path stderr = root.resolve("child-stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Sidecar.class.getName(),
                "--config",
                live.config.toString())
            .directory(root.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      awaitReady(live, child, stderr);

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      sendAll(live.port, features, acknowledged, child, stderr);
      assertEquals(
          REQUESTS,
          acknowledged.size(),
          "not every request was acknowledged before SIGTERM; stderr:\n" + childSaid(stderr));

      // The premise: nothing is on disk yet, so only the shutdown can write the records.
      long beforeSignal = 0;
      for (Path file : logFiles(logDir)) {
        beforeSignal += Files.size(file);
      }
      assertEquals(
          0, beforeSignal, "records reached the disk before SIGTERM: the test proves nothing");

      long signalled = System.nanoTime();
      child.destroy(); // SIGTERM on Linux and macOS: the shutdown hook closes the sidecar
      assertTrue(
          child.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS),
          "no exit within " + WITHIN + " after SIGTERM; stderr:\n" + childSaid(stderr));
      long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
      String errors = childSaid(stderr);
      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
      assertEquals(143, child.exitValue(), "exit status; stderr:\n" + errors);
      assertFalse(errors.contains("shutdown: "), "the shutdown hook failed:\n" + errors);

      Map<String, Integer> onDisk = new HashMap<>();
      long records = 0;
      List<Path> files = logFiles(logDir);
      for (Path file : files) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), file + " ends in half a line");
        List<PredictionRecord> read = PredictionRecordJson.readFile(file); // a torn line throws
        records += read.size();
        for (PredictionRecord r : read) {
          onDisk.merge(r.requestId(), 1, Integer::sum);
        }
      }
      System.out.println(
          "sigterm durability: "
              + REQUESTS
              + " requests acknowledged, SIGTERM to exit "
              + exitMillis
              + " ms, "
              + records
              + " records on disk in "
              + files.size()
              + " file(s)");

      List<String> missing = new ArrayList<>();
      for (String id : acknowledged) {
        Integer times = onDisk.get(id);
        if (times == null) {
          missing.add(id);
        } else {
          assertEquals(1, times, "acknowledged request " + id + " is on disk " + times + " times");
        }
      }
      if (!missing.isEmpty()) {
        fail(
            missing.size()
                + " of "
                + REQUESTS
                + " acknowledged requests are not on disk ("
                + records
                + " records in "
                + files
                + "), e.g. "
                + missing.stream().sorted().limit(5).toList()
                + "; stderr:\n"
                + errors);
      }
      for (String id : onDisk.keySet()) {
        assertTrue(acknowledged.contains(id), "record " + id + " on disk was never acknowledged");
      }
      assertEquals(REQUESTS, records, "records on disk");
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Until {@code /v2/health/ready} answers 200; asks for a refresh now and then if it does not. */
  private static void awaitReady(LiveSidecarFixture live, Process child, Path stderr)
      throws Exception {
    long started = System.nanoTime();
    long deadline = started + WITHIN.toNanos();
    long nextRefresh = started + Duration.ofSeconds(10).toNanos();
    while (true) {
      if (!child.isAlive()) {
        fail("the sidecar exited (" + child.exitValue() + ") before ready:\n" + childSaid(stderr));
      }
      try {
        if (live.get("/v2/health/ready").statusCode() == 200) {
          return;
        }
        if (System.nanoTime() > nextRefresh) {
          live.refresh(); // as the webhook would; the poll interval is 60 s
          nextRefresh = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        }
      } catch (IOException notListeningYet) {
        // the child's server is not up yet
      }
      if (System.nanoTime() > deadline) {
        fail("the sidecar was not ready within " + WITHIN + "; stderr:\n" + childSaid(stderr));
      }
      Thread.sleep(50);
    }
  }

  /**
   * Sends {@value #REQUESTS} single-row infer requests, ids {@code sigterm-1} onwards, from {@value
   * #CLIENTS} threads, each waiting for its answer before the next; adds the ids answered 200 with
   * their own id to {@code acknowledged}. Returns when every answer is in, so nothing is in flight.
   */
  private static void sendAll(
      int port, List<String> features, Set<String> acknowledged, Process child, Path stderr)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI infer = URI.create("http://127.0.0.1:" + port + "/v2/models/" + MODEL + "/infer");
    AtomicInteger next = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        done.add(
            clients.submit(
                () -> {
                  for (int n = next.incrementAndGet(); n <= REQUESTS; n = next.incrementAndGet()) {
                    String id = ID_PREFIX + n;
                    String body = withId(features, n, id);
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(infer)
                                .timeout(WITHIN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      throw new AssertionError(
                          "request " + id + ": " + r.statusCode() + " " + r.body());
                    }
                    if (!r.body().contains("\"id\":\"" + id + "\"")) {
                      throw new AssertionError("request " + id + " answered " + r.body());
                    }
                    acknowledged.add(id);
                  }
                  return null;
                }));
      }
      long deadline = System.nanoTime() + WITHIN.toNanos();
      for (Future<?> f : done) {
        long left = deadline - System.nanoTime();
        try {
          f.get(Math.max(left, 1), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          fail(
              "only "
                  + acknowledged.size()
                  + " of "
                  + REQUESTS
                  + " requests acknowledged within "
                  + WITHIN
                  + "; child alive: "
                  + child.isAlive()
                  + "; stderr:\n"
                  + childSaid(stderr));
        } catch (java.util.concurrent.ExecutionException e) {
          throw new AssertionError(
              "a client failed after "
                  + acknowledged.size()
                  + " acknowledged requests: "
                  + e.getCause()
                  + "; stderr:\n"
                  + childSaid(stderr),
              e.getCause());
        }
      }
    } finally {
      clients.shutdownNow();
      assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS), "client threads did not stop");
    }
  }

  /** A one-row infer body ({@link ScoringServerTest#inferBody}) whose id is {@code id}. */
  private static String withId(List<String> features, long seed, String id) {
    String body = ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, seed));
    String fixed = "{\"id\":\"req-1\",";
    if (!body.startsWith(fixed)) {
      throw new AssertionError("ScoringServerTest.inferBody changed its id: " + body);
    }
    return "{\"id\":\"" + id + "\"," + body.substring(fixed.length());
  }

  private static List<Path> logFiles(Path logDir) throws IOException {
    if (!Files.isDirectory(logDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(logDir)) {
      return files
          .filter(
              f -> {
                String name = f.getFileName().toString();
                return name.startsWith("predictions-") && name.endsWith(".jsonl");
              })
          .sorted()
          .toList();
    }
  }

  private static String childSaid(Path stderr) throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr).strip() : "(no stderr file)";
  }
}

package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.STARTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.modelrepo.InitModelRepository;
import dev.mlopssuite.modelrepo.Promote;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.run.RunVerifier;
import dev.mlopssuite.sidecar.Sidecar;
import dev.mlopssuite.trust.KeyFiles;
import dev.mlopssuite.trust.testing.TrustFixtures;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sidecar as one service against a real model repository: live at once, not ready without
 * a promotion, ready within a second of the refresh webhook after a promotion lands, a second
 * promotion swaps the served version, and after a clean stop every acknowledged prediction is in
 * the log (docs/scorer-sidecar.md).
 */
class HotReloadUnderLoadTest {
  static final String POLICY =
      """
      requiredApprovals: [ml-owner, business-stakeholder]
      approvers:
        ml-owner: [olivia, omar]
        business-stakeholder: [bea, ben]
        risk-officer: [rita]
      maxApprovalAge: P7D
      bootstrapNeedsExtraApproval: true
      bootstrapApprovalRole: risk-officer
      """;
  static final String TOKEN = "refresh-me-0123456789";

  @TempDir Path root;
  private final SigningKey key = SigningKey.generate();
  private final HttpClient http = HttpClient.newHttpClient();
  private String url;

  private String promote(String version, String championBefore) throws Exception {
    Path run = TrustFixtures.sampleRunAs(root.resolve("runs").resolve(version), version);
    String championSha =
        championBefore == null
            ? "0".repeat(64)
            : TrustFixtures.manifestSha(root.resolve("runs").resolve(championBefore));
    Path verdict =
        TrustFixtures.writeVerdict(
            root.resolve("verdicts").resolve(version + ".json"),
            run,
            championBefore,
            championSha,
            true);
    return new Promote()
        .setRepositoryUrl(url)
        .setModel(MODEL)
        .setRunDirectory(run)
        .setVerdict(verdict)
        .setApprovals(TrustFixtures.approvals(TrustFixtures.manifestSha(run)))
        .setPolicy(TrustFixtures.policy())
        .setSigningKey(key.pair().getPrivate(), key.id())
        .setPromotedBy("pat")
        .setStartedBy(STARTER)
        .setClock(Clock.fixed(NOW, ZoneOffset.UTC))
        .call()
        .commitId();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int port, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String servedVersion(int port) throws Exception {
    HttpResponse<String> metadata = get(port, "/v2/models/" + MODEL);
    if (metadata.statusCode() != 200) {
      return null;
    }
    JsonNode versions = CanonicalJson.mapper().readTree(metadata.body()).get("versions");
    return versions == null || versions.isEmpty() ? null : versions.get(0).asText();
  }

  private void awaitVersion(int port, String version) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!version.equals(servedVersion(port))) {
      assertTrue(System.nanoTime() < deadline, "version " + version + " not served in time");
      Thread.sleep(50);
    }
  }

  private Path setUp() throws Exception {
    Path template = Files.createDirectories(root.resolve("template/.mlops")).getParent();
    Files.writeString(template.resolve(".mlops/policy.yaml"), POLICY);
    Files.writeString(template.resolve("README.md"), "# Model repository\n");
    Files.writeString(template.resolve("CODEOWNERS"), "/models/ @ml-owners\n");
    Files.createDirectories(template.resolve(".github"));
    Files.writeString(template.resolve(".github/pull_request_template.md"), "## Promotion\n");
    url =
        new InitModelRepository()
            .setDirectory(root.resolve("models.git"))
            .setTemplate(template)
            .call()
            .url();
    Path keys = Files.createDirectories(root.resolve("keys"));
    KeyFiles.writePublicKey(keys.resolve("promotion.pub.pem"), key.pair().getPublic());
    Files.writeString(root.resolve("refresh-token"), TOKEN + "\n");
    return keys;
  }

  /** Runs wrk against the infer endpoint; returns its output. */
  private Process wrk(int port, int seconds, Path script) throws Exception {
    return new ProcessBuilder(
            "wrk",
            "-t2",
            "-c8",
            "-d" + seconds + "s",
            "--latency",
            "-s",
            script.toString(),
            "http://127.0.0.1:" + port + "/v2/models/" + MODEL + "/infer")
        .redirectErrorStream(true)
        .start();
  }

  private static String output(Process process) throws Exception {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "wrk did not stop");
    assertEquals(0, process.exitValue(), out);
    return out;
  }

  private static String p99(String wrkOutput) {
    Matcher m = Pattern.compile("\\s99%\\s+(\\S+)").matcher(wrkOutput);
    return m.find() ? m.group(1) : "?";
  }

  @Test
  void threePromotionsLandUnderLoadWithoutAFailedRequest() throws Exception {
    assumeTrue(
        new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() == 0,
        "wrk is not installed (apt-get install wrk; .ci/run does)");
    setUp();
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path config = root.resolve("sidecar.yaml");
    Files.writeString(
        config,
        """
        repository:
          url: %s
          branch: main
          pollInterval: PT60S
          cacheDirectory: cache
        models: [%s]
        refreshWebhook:
          tokenFile: refresh-token
        trustedKeys:
          directory: keys
        server:
          port: %d
        predictionLog:
          directory: predictions
          flushInterval: PT0.2S
        """
            .formatted(url, MODEL, port));
    promote("v1", null);
    try (Sidecar sidecar = Sidecar.start(config)) {
      post(port, "/admin/refresh", "", TOKEN);
      awaitVersion(port, "v1");
      List<String> features =
          new RunVerifier().verify(root.resolve("runs/v1"), null).manifest().featureNames();
      String body =
          ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 5))
              .replace("\\", "\\\\")
              .replace("\"", "\\\"");
      Path script = root.resolve("infer.lua");
      Files.writeString(
          script,
          "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body ="
              + " \""
              + body
              + "\"\n");

      String steady = output(wrk(port, 5, script));
      Process underSwaps = wrk(port, 12, script);
      String previous = "v1";
      List<Long> servedAfterMillis = new ArrayList<>();
      for (String version : List.of("v2", "v3", "v4")) {
        Thread.sleep(2_000);
        promote(version, previous);
        long refreshed = System.nanoTime();
        assertTrue(post(port, "/admin/refresh", "", TOKEN).statusCode() < 300);
        awaitVersion(port, version);
        servedAfterMillis.add((System.nanoTime() - refreshed) / 1_000_000);
        previous = version;
      }
      String swaps = output(underSwaps);
      System.out.printf(
          "hot reload under load: served %s ms after each webhook; p99 steady %s, during swaps"
              + " %s%n%s%n",
          servedAfterMillis, p99(steady), p99(swaps), swaps);
      for (String run : List.of(steady, swaps)) {
        assertFalse(run.contains("Non-2xx"), "every request succeeded:\n" + run);
        assertFalse(run.contains("Socket errors"), "no connection failed:\n" + run);
        assertTrue(run.contains("requests in"), run);
      }
      for (long millis : servedAfterMillis) {
        assertTrue(millis <= 1_000, "served within 1 s of the webhook: " + servedAfterMillis);
      }
      assertEquals(200, get(port, "/v2/health/ready").statusCode());
    }
  }
}

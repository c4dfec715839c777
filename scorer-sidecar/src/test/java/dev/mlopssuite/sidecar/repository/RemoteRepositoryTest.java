package dev.mlopssuite.sidecar.repository;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.modelrepo.testing.GitDaemon;
import dev.mlopssuite.modelrepo.testing.GitHttpServer;
import dev.mlopssuite.modelrepo.testing.OpenSshServer;
import dev.mlopssuite.sidecar.config.SidecarConfig;
import dev.mlopssuite.sidecar.config.SidecarConfigException;
import dev.mlopssuite.sidecar.model.ModelRegistry;
import dev.mlopssuite.sidecar.model.ServedModel;
import dev.mlopssuite.sidecar.testing.SamplePromotions;
import dev.mlopssuite.trust.TrustedKeys;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher fetching the model repository from real servers on 127.0.0.1 (docs/scorer-sidecar.md,
 * "Reaching the model repository"): OpenSSH's {@code sshd} for {@code ssh://}, the Git CLI's {@code
 * git daemon} for {@code git://} and {@code git http-backend} for {@code http://} (open, behind
 * HTTP Basic, or slowed down), and servers that accept and then never answer. Promotions are made
 * by {@code Promote} into the bare repository on disk that the servers export.
 */
class RemoteRepositoryTest {
  private static final String POLICY = SamplePromotions.POLICY_WITH_GATES;

  @TempDir Path root;
  private final SigningKey key = SigningKey.generate();
  private final TrustedKeys trusted = TrustedKeys.of(key.pair().getPublic());
  private final RecordingMetrics metrics = new RecordingMetrics();
  private String fileUrl;
  private Path bare;

  @BeforeEach
  void repository() throws Exception {
    fileUrl = SamplePromotions.createRepository(root, POLICY);
    bare = root.resolve("models.git");
  }

  private String promote(String version, String championBefore) throws Exception {
    return SamplePromotions.promote(fileUrl, root, version, championBefore, key);
  }

  private static ServedModel serving(ModelRegistry registry) {
    return registry
        .current(MODEL)
        .orElseThrow(() -> new AssertionError(registry.notReadyReason(MODEL)));
  }

  private RepositoryWatcher watcher(SidecarConfig.Repository config, ModelRegistry registry)
      throws SidecarConfigException {
    return QuickWatchers.watcher(config, List.of(MODEL), trusted, registry, metrics);
  }

  private static ModelRegistry registry(SidecarConfig.Repository config) {
    return QuickWatchers.registry(config, List.of(MODEL));
  }

  @Test
  void promotionsAreFetchedOverSshWithTheConfiguredKeyAndKnownHosts() throws Exception {
    try (OpenSshServer sshd = OpenSshServer.start(root.resolve("sshd"))) {
      assertFetchesPromotionsFrom(sshd.url(bare), sshd.clientDirectory());
    }
  }

  @Test
  void anSshServerWhoseHostKeyIsNotInKnownHostsIsRefused() throws Exception {
    promote("v1", null);
    try (OpenSshServer sshd = OpenSshServer.start(root.resolve("sshd"))) {
      Path client = copy(sshd.clientDirectory(), root.resolve("other-host"));
      // The same server name, another key: what a man in the middle would present.
      Path impostor = keygen(root.resolve("impostor"));
      String known = Files.readString(client.resolve("known_hosts"));
      String host = known.substring(0, known.indexOf(' '));
      String[] key = Files.readString(impostor.resolveSibling("impostor.pub")).trim().split(" ");
      Files.writeString(client.resolve("known_hosts"), host + " " + key[0] + " " + key[1] + "\n");
      assertRefusedOverSsh(sshd, client, "Server key did not validate");
    }
  }

  @Test
  void anSshServerNotInKnownHostsIsRefusedWhateverAnOpenSshConfigSays() throws Exception {
    promote("v1", null);
    try (OpenSshServer sshd = OpenSshServer.start(root.resolve("sshd"))) {
      String[] configs = {
        null, "StrictHostKeyChecking no\n", "Host *\n  StrictHostKeyChecking accept-new\n"
      };
      for (int i = 0; i < configs.length; i++) {
        Path client = copy(sshd.clientDirectory(), root.resolve("unknown-" + i));
        Files.writeString(client.resolve("known_hosts"), ""); // the server is not known
        if (configs[i] != null) {
          Files.writeString(client.resolve("config"), configs[i]);
        }
        assertRefusedOverSsh(
            sshd,
            client,
            "Server key did not validate (the server's host key is not in known_hosts");
        assertEquals("", Files.readString(client.resolve("known_hosts")), "nothing was learnt");
      }
    }
  }

  @Test
  void aKeyTheSshServerDoesNotAcceptIsRefused() throws Exception {
    promote("v1", null);
    try (OpenSshServer sshd = OpenSshServer.start(root.resolve("sshd"))) {
      Path client = copy(sshd.clientDirectory(), root.resolve("other-key"));
      Files.delete(client.resolve("id_ed25519"));
      Files.delete(client.resolve("id_ed25519.pub"));
      keygen(client.resolve("id_ed25519"));
      assertRefusedOverSsh(sshd, client, "Cannot log in at 127.0.0.1:");
    }
  }

  private void assertRefusedOverSsh(OpenSshServer sshd, Path client, String why) throws Exception {
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(
            sshd.url(bare),
            "main",
            Duration.ofSeconds(60),
            root.resolve("cache-" + client.getFileName()),
            client,
            null,
            null);
    ModelRegistry registry = registry(config);
    long failures = metrics.count("failure");
    try (RepositoryWatcher watcher = watcher(config, registry)) {
      watcher.cycle();
      assertTrue(registry.current(MODEL).isEmpty(), "nothing is served");
      String reason = registry.notReadyReason(MODEL);
      assertTrue(
          reason.contains("cannot fetch branch main of " + sshd.url(bare) + ": " + why), reason);
      assertTrue(reason.contains("repository.sshDirectory"), "says what to fix: " + reason);
      assertEquals(failures + 1, metrics.count("failure"));
    }
  }

  @Test
  void anSshUrlWithoutKnownHostsIsRefusedAtStartNamingTheKey() throws Exception {
    Path client = Files.createDirectories(root.resolve("no-known-hosts"));
    Files.writeString(client.resolve("id_ed25519"), "not read before known_hosts is there");
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(
            "ssh://git@127.0.0.1:1/models.git",
            "main",
            Duration.ofSeconds(60),
            root.resolve("cache"),
            client,
            null,
            null);
    SidecarConfigException e =
        assertThrows(SidecarConfigException.class, () -> watcher(config, registry(config)));
    assertEquals("repository.sshDirectory", e.key());
    assertTrue(e.getMessage().contains("has no known_hosts"), e.getMessage());
    assertTrue(e.getMessage().contains("ssh-keyscan"), e.getMessage());
  }

  /** Two promotions in turn, each served from the commit that made it, fetched from {@code url}. */
  private void assertFetchesPromotionsFrom(String url, Path sshDirectory) throws Exception {
    String v1 = promote("v1", null);
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(
            url, "main", Duration.ofSeconds(60), root.resolve("cache"), sshDirectory, null, null);
    ModelRegistry registry = registry(config);
    try (RepositoryWatcher watcher = watcher(config, registry)) {
      watcher.cycle();
      assertEquals("v1", serving(registry).version());
      assertEquals(v1, serving(registry).commit());
      String v2 = promote("v2", "v1");
      watcher.cycle();
      assertEquals("v2", serving(registry).version());
      assertEquals(v2, serving(registry).commit());
      assertEquals(2, metrics.count("success"));
    }
  }

  @Test
  void promotionsAreFetchedFromGitDaemon() throws Exception {
    try (GitDaemon daemon = GitDaemon.start(root, root.resolve("daemon.log"))) {
      assertFetchesPromotionsFrom(daemon.url("models.git"), null);
    }
  }

  @Test
  void promotionsAreFetchedOverSmartHttpFromGitHttpBackend() throws Exception {
    try (GitHttpServer http = GitHttpServer.start(root)) {
      assertFetchesPromotionsFrom(http.url("models.git"), null);

      SidecarConfig.Repository missing =
          new SidecarConfig.Repository(
              http.url("no-such.git"), "main", Duration.ofSeconds(60), root.resolve("cache2"));
      ModelRegistry none = registry(missing);
      try (RepositoryWatcher watcher = watcher(missing, none)) {
        watcher.cycle();
        assertTrue(none.current(MODEL).isEmpty());
        String reason = none.notReadyReason(MODEL);
        assertTrue(
            reason.contains("cannot fetch branch main of " + http.url("no-such.git")), reason);
      }
    }
  }

  @Test
  void aPrivateHttpRepositoryIsFetchedWithTheConfiguredLoginAndItsPasswordNeverShows()
      throws Exception {
    String v1 = promote("v1", null);
    String secret = "glpat-0123456789abcdef";
    Path right = root.resolve("token");
    Files.writeString(right, secret + "\n");
    Path wrong = root.resolve("old-token");
    Files.writeString(wrong, "glpat-revoked-000000");
    try (GitHttpServer http = GitHttpServer.withLogin(root, "oauth2:" + secret)) {
      String url = http.url("models.git");
      ModelRegistry served =
          fetchOnce(url, new SidecarConfig.HttpCredentials("oauth2", right, null));
      assertEquals(v1, serving(served).commit());

      ModelRegistry refused =
          fetchOnce(url, new SidecarConfig.HttpCredentials("oauth2", wrong, null));
      String reason = refused.notReadyReason(MODEL);
      assertTrue(reason.contains("cannot fetch branch main of " + url + ": "), reason);
      assertTrue(reason.contains("not authorized (check repository.httpCredentials"), reason);
      assertFalse(reason.contains("glpat"), reason);

      ModelRegistry anonymous = fetchOnce(url, null);
      String why = anonymous.notReadyReason(MODEL);
      assertTrue(
          why.contains("(the repository needs a login: set repository.httpCredentials)"), why);
    }
  }

  private ModelRegistry fetchOnce(String url, SidecarConfig.HttpCredentials login)
      throws Exception {
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(
            url,
            "main",
            Duration.ofSeconds(60),
            Files.createTempDirectory(root, "cache"),
            null,
            null,
            login);
    ModelRegistry registry = registry(config);
    try (RepositoryWatcher watcher = watcher(config, registry)) {
      watcher.cycle();
    }
    return registry;
  }

  @Test
  void aSlowFetchThatKeepsMovingIsNotCutOffByTheTimeout() throws Exception {
    promote("v1", null);
    // 2.5 MB that does not compress, in 40 files, behind a link of 600 KB/s: about 4 s of steady
    // progress, longer than the 1 s timeout and its 2 s grace together.
    Path work = root.resolve("bulk");
    String head;
    try (Git git = Git.cloneRepository().setURI(fileUrl).setDirectory(work.toFile()).call()) {
      Random random = new Random(7);
      for (int i = 0; i < 40; i++) {
        byte[] bytes = new byte[64 * 1024];
        random.nextBytes(bytes);
        Files.write(work.resolve("bulk-" + i + ".bin"), bytes);
      }
      git.add().addFilepattern(".").call();
      head = git.commit().setMessage("bulk").setAuthor("t", "t@example.org").call().name();
      git.push().call();
    }
    try (GitHttpServer http = GitHttpServer.start(root, 600_000)) {
      SidecarConfig.Repository config =
          new SidecarConfig.Repository(
              http.url("models.git"),
              "main",
              Duration.ofSeconds(60),
              root.resolve("cache"),
              null,
              Duration.ofSeconds(1),
              null);
      ModelRegistry registry = registry(config);
      try (RepositoryWatcher watcher = watcher(config, registry)) {
        long started = System.nanoTime();
        watcher.cycle();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) > 0, "the fetch was slow: " + took);
        assertEquals(head, serving(registry).commit(), registry.notReadyReason(MODEL));
        assertEquals("v1", serving(registry).version());
        assertEquals(0, metrics.count("failure"));
      }
    }
  }

  @Test
  void aGitDaemonThatNeverAnswersTimesOutAndDoesNotHoldTheWatcher() throws Exception {
    assertASilentServerTimesOut(
        port -> "git://127.0.0.1:" + port + "/models.git",
        null,
        "no answer within 1 s (repository.fetchTimeout) and 2 s of grace");
  }

  @Test
  void anHttpServerThatNeverAnswersTimesOutOnJGitsOwnTimeout() throws Exception {
    assertASilentServerTimesOut(
        port -> "http://127.0.0.1:" + port + "/models.git", null, "time out");
  }

  @Test
  void anSshServerThatNeverAnswersTimesOutAndDoesNotHoldTheWatcher() throws Exception {
    Path client = Files.createDirectories(root.resolve("client"));
    keygen(client.resolve("id_ed25519"));
    Files.writeString(client.resolve("known_hosts"), ""); // never reached: no key is offered
    assertASilentServerTimesOut(
        port -> "ssh://git@127.0.0.1:" + port + "/models.git",
        client,
        "no answer within 1 s (repository.fetchTimeout) and 2 s of grace");
  }

  /**
   * A server that accepts connections and never sends a byte: each cycle gives up after the fetch
   * timeout (and its grace) with a failure naming it, and the next cycle connects again.
   */
  private void assertASilentServerTimesOut(IntFunction<String> url, Path sshDirectory, String why)
      throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // accepted, never answered
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      SidecarConfig.Repository config =
          new SidecarConfig.Repository(
              url.apply(silent.getLocalPort()),
              "main",
              Duration.ofSeconds(60),
              root.resolve("cache"),
              sshDirectory,
              Duration.ofSeconds(1),
              null);
      ModelRegistry registry = registry(config);
      try (RepositoryWatcher watcher = watcher(config, registry)) {
        for (int cycle = 1; cycle <= 2; cycle++) {
          long started = System.nanoTime();
          Duration retryIn = watcher.cycle();
          Duration took = Duration.ofNanos(System.nanoTime() - started);
          assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "gave up after " + took);
          String reason = registry.notReadyReason(MODEL);
          assertTrue(reason.contains("cannot fetch"), reason);
          assertTrue(reason.contains(why), reason);
          assertEquals(cycle, metrics.count("failure"));
          assertTrue(retryIn.compareTo(Duration.ofMillis(400)) <= 0, "retried soon: " + retryIn);
        }
        assertEquals(2, held.size(), "each try connected once: " + held);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  private static Path keygen(Path key) throws Exception {
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    return key;
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}

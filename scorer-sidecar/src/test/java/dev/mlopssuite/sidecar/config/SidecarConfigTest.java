package dev.mlopssuite.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.sidecar.Sidecar;
import dev.mlopssuite.sidecar.log.PredictionLogSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarConfigTest {
  @TempDir Path dir;

  private static final String MINIMAL =
      """
      repository:
        url: file:///srv/models.git
      models: [pacemaker-failure-7d]
      trustedKeys:
        directory: keys
      predictionLog:
        directory: predictions
      """;

  private SidecarConfig load(String yaml) throws Exception {
    Path file = dir.resolve("sidecar.yaml");
    Files.writeString(file, yaml);
    return SidecarConfig.load(file);
  }

  private SidecarConfigException refused(String yaml) {
    return assertThrows(SidecarConfigException.class, () -> load(yaml));
  }

  @Test
  void theCommittedSampleLoads() throws Exception {
    SidecarConfig config = SidecarConfig.load(Path.of("sidecar.example.yaml"));
    assertEquals(List.of("pacemaker-failure-7d"), config.models());
    assertEquals("main", config.repository().branch());
    assertEquals(Duration.ofSeconds(10), config.repository().pollInterval());
    assertEquals("MLOPS_REFRESH_TOKEN", config.refreshWebhook().tokenEnv());
    assertEquals(8080, config.server().port());
    assertEquals(30, config.predictionLog().retentionDays());
    assertNull(config.alerts().thresholdOverride());
    assertEquals(100_000, config.features().maxEntities());
    assertTrue(config.predictionLog().directory().isAbsolute());
  }

  @Test
  void defaultsFillWhatIsLeftOut() throws Exception {
    SidecarConfig config = load(MINIMAL);
    assertEquals("main", config.repository().branch());
    assertEquals(Duration.ofSeconds(10), config.repository().pollInterval());
    assertEquals(8080, config.server().port());
    assertEquals(Duration.ofSeconds(1), config.predictionLog().flushInterval());
    assertEquals(Duration.ofHours(1), config.alerts().dedupeWindow());
    assertNull(config.refreshWebhook());
    assertEquals(dir.resolve("keys").toAbsolutePath(), config.trustedKeys().directory());
  }

  @Test
  void theLogRunsWithTheConfiguredValuesAndItsOwnDefaultsForTheRest() throws Exception {
    SidecarConfig config =
        load(MINIMAL.replace("predictionLog:\n", "predictionLog:\n  flushInterval: PT3S\n"));
    PredictionLogSettings settings = Sidecar.predictionLogSettings(config.predictionLog());
    assertEquals(Duration.ofSeconds(3), settings.flushInterval());
    assertEquals(30, settings.retentionDays());
    assertEquals(config.predictionLog().directory(), settings.directory());
    assertEquals(PredictionLogSettings.DEFAULT_MAX_BUFFERED_BYTES, settings.maxBufferedBytes());
    // Without a value, the sidecar's default (PT1S), not the log class's own (200 ms).
    assertEquals(
        Duration.ofSeconds(1),
        Sidecar.predictionLogSettings(load(MINIMAL).predictionLog()).flushInterval());
  }

  @Test
  void anUnknownKeyIsRefusedWithItsPath() {
    SidecarConfigException e = refused(MINIMAL.replace("  url:", "  pollIntervall: PT5S\n  url:"));
    assertEquals("repository.pollIntervall", e.key());
    assertTrue(e.getMessage().contains("pollInterval"), e.getMessage());
  }

  @Test
  void aTokenWrittenInTheFileIsRefusedAndNotEchoed() {
    SidecarConfigException e = refused(MINIMAL + "refreshWebhook:\n  token: s3cr3t-value\n");
    assertEquals("refreshWebhook.token", e.key());
    assertFalse(e.getMessage().contains("s3cr3t-value"), e.getMessage());
  }

  @Test
  void theTokenIsReadFromItsFileOrVariable() throws Exception {
    Files.writeString(dir.resolve("token"), "abc123\n");
    SidecarConfig fromFile = load(MINIMAL + "refreshWebhook:\n  tokenFile: token\n");
    assertEquals("abc123", fromFile.refreshWebhook().token(Map.of()));
    SidecarConfig fromEnv = load(MINIMAL + "refreshWebhook:\n  tokenEnv: HOOK_TOKEN\n");
    assertEquals("xyz", fromEnv.refreshWebhook().token(Map.of("HOOK_TOKEN", "xyz")));
    SidecarConfigException unset =
        assertThrows(SidecarConfigException.class, () -> fromEnv.refreshWebhook().token(Map.of()));
    assertEquals("refreshWebhook.tokenEnv", unset.key());
    assertFalse(fromEnv.refreshWebhook().toString().contains("xyz"));
  }

  @Test
  void impossibleValuesNameKeyValueAndFix() {
    assertEquals(
        "repository.pollInterval",
        refused(MINIMAL.replace("  url:", "  pollInterval: ten seconds\n  url:")).key());
    assertEquals(
        "repository.pollInterval",
        refused(MINIMAL.replace("  url:", "  pollInterval: PT0.1S\n  url:")).key());
    assertEquals("models", refused(MINIMAL.replace("[pacemaker-failure-7d]", "[../etc]")).key());
    assertEquals("models", refused(MINIMAL.replace("[pacemaker-failure-7d]", "[]")).key());
    assertEquals(
        "repository.url",
        refused(MINIMAL.replace("file:///srv/models.git", "https://u:pw@host/m.git")).key());
    assertEquals("server.port", refused(MINIMAL + "server:\n  port: 70000\n").key());
    assertEquals(
        "alerts.thresholdOverride", refused(MINIMAL + "alerts:\n  thresholdOverride: 1.5\n").key());
    assertEquals(
        "trustedKeys.files/directory",
        refused(MINIMAL.replace("  directory: keys", "  directory: keys\n  files: [a.pem]")).key());
    SidecarConfigException e = refused(MINIMAL.replace("models: [pacemaker-failure-7d]\n", ""));
    assertEquals("models", e.key());
    assertTrue(e.getMessage().contains("list the models"), e.getMessage());
  }

  @Test
  void aWarmUpFileIsResolvedAgainstTheConfigurationWithItsTimeLimit() throws Exception {
    String warm =
        MINIMAL
            + "features:\n  warmUp:\n    file: recent.csv\n    entityColumn: device_id\n"
            + "    timeColumn: ts\n";
    // Not there yet (an export still running): the sidecar starts, and serves with empty windows
    // if it is still missing when the first version loads.
    SidecarConfig.WarmUp warmUp = load(warm).features().warmUp();
    assertEquals(dir.resolve("recent.csv").toAbsolutePath(), warmUp.file());
    assertEquals("device_id", warmUp.entityColumn());
    assertEquals("ts", warmUp.timeColumn());
    assertEquals(Duration.ofSeconds(60), warmUp.timeLimit());
    assertEquals(
        Duration.ofMinutes(5),
        load(warm + "    timeLimit: PT5M\n").features().warmUp().timeLimit());
    assertNull(load(MINIMAL).features().warmUp(), "no warm-up unless configured");
    assertEquals("features.warmUp.timeLimit", refused(warm + "    timeLimit: PT0S\n").key());
    assertEquals(
        "features.warmUp.timeColumn",
        refused(warm.replace("timeColumn: ts", "timeColumn: device_id")).key());
    assertEquals(
        "features.warmUp.entityColumn",
        refused(warm.replace("    entityColumn: device_id\n", "")).key());
  }

  @Test
  void everyTransportJGitTakesIsAccepted() throws Exception {
    for (String url :
        List.of(
            "git://host/models.git",
            "https://git.example.org/ml/models.git",
            "ssh://git@host:22/ml/models.git",
            "git@host:ml/models.git",
            "/srv/models.git")) {
      assertEquals(url, load(MINIMAL.replace("file:///srv/models.git", url)).repository().url());
    }
  }

  @Test
  void anHttpLoginTakesItsPasswordFromAFileOrVariableNeverFromTheYaml() throws Exception {
    String https =
        MINIMAL.replace(
            "  url: file:///srv/models.git",
            "  url: https://git.example.org/ml/models.git\n  httpCredentials:\n"
                + "    username: oauth2\n    passwordFile: secrets/token");
    SidecarConfig.HttpCredentials login = load(https).repository().httpCredentials();
    assertEquals("oauth2", login.username());
    assertEquals(dir.resolve("secrets/token").toAbsolutePath(), login.passwordFile());
    SidecarConfigException unreadable =
        assertThrows(SidecarConfigException.class, () -> login.password(Map.of()));
    assertEquals("repository.httpCredentials.passwordFile", unreadable.key());
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/token"), "s3cr3t-token\n");
    assertEquals("s3cr3t-token", login.password(Map.of()));

    SidecarConfig.HttpCredentials fromEnv =
        load(https.replace("passwordFile: secrets/token", "passwordEnv: GIT_TOKEN"))
            .repository()
            .httpCredentials();
    assertEquals("from-env", fromEnv.password(Map.of("GIT_TOKEN", "from-env")));
    assertEquals(
        "repository.httpCredentials.passwordEnv",
        assertThrows(SidecarConfigException.class, () -> fromEnv.password(Map.of())).key());

    SidecarConfigException literal =
        refused(https.replace("passwordFile: secrets/token", "password: hunter2-secret"));
    assertEquals("repository.httpCredentials.password", literal.key());
    assertFalse(literal.getMessage().contains("hunter2"), literal.getMessage());
    assertEquals(
        "repository.httpCredentials.passwordFile/passwordEnv",
        refused(https.replace("    passwordFile: secrets/token", "    passwordEnv: ''")).key());
    assertEquals(
        "repository.httpCredentials",
        refused(https.replace("https://git.example.org/ml/models.git", "git@host:ml/models.git"))
            .key());
    SidecarConfigException userInUrl =
        refused(https.replace("https://git.example.org", "https://ghp_abc123@git.example.org"));
    assertEquals("repository.url", userInUrl.key());
    assertFalse(userInUrl.getMessage().contains("ghp_abc123"), userInUrl.getMessage());
    SidecarConfigException tokenAsUser =
        refused(MINIMAL.replace("file:///srv/models.git", "https://ghp_abc123@github.com/o/m.git"));
    assertEquals("repository.url", tokenAsUser.key());
    assertFalse(tokenAsUser.getMessage().contains("ghp_abc123"), tokenAsUser.getMessage());
    assertTrue(tokenAsUser.getMessage().contains("repository.httpCredentials"));
    // Forms a URL parser reads as something else, and a token with a password after it.
    for (String url :
        List.of(
            "HTTPS://ghp_abc123@github.com/o/m.git",
            "https://ghp_abc123:@github.com/o/m.git",
            "https://ghp_abc123:x-oauth-basic@github.com/o/m.git",
            "git+https://ghp_abc123@github.com/o/m.git",
            "git://ghp_abc123@host/m.git",
            "ssh://git:ghp_abc123@host/m.git")) {
      SidecarConfigException e = refused(MINIMAL.replace("file:///srv/models.git", url));
      assertEquals("repository.url", e.key(), url);
      assertFalse(e.getMessage().contains("ghp_abc123"), e.getMessage());
    }
    // An SSH user is no secret.
    assertEquals(
        "ssh://git@host/m.git",
        load(MINIMAL.replace("file:///srv/models.git", "ssh://git@host/m.git")).repository().url());

    // The secret pasted where the variable's name belongs.
    SidecarConfigException pasted =
        refused(https.replace("passwordFile: secrets/token", "passwordEnv: glpat-abc.123-xyz"));
    assertEquals("repository.httpCredentials.passwordEnv", pasted.key());
    assertFalse(pasted.getMessage().contains("glpat"), pasted.getMessage());
    SidecarConfigException pastedToken =
        refused(MINIMAL + "refreshWebhook:\n  tokenEnv: s3cr3t-t0ken!\n");
    assertEquals("refreshWebhook.tokenEnv", pastedToken.key());
    assertFalse(pastedToken.getMessage().contains("s3cr3t"), pastedToken.getMessage());
  }

  @Test
  void anSshUrlTakesItsKeyDirectoryRelativeToTheFileAndAFetchTimeout() throws Exception {
    String ssh =
        MINIMAL.replace(
            "  url: file:///srv/models.git",
            "  url: git@host:ml/models.git\n  sshDirectory: ssh\n  fetchTimeout: PT20S");
    SidecarConfig.Repository repository = load(ssh).repository();
    assertEquals(dir.resolve("ssh").toAbsolutePath(), repository.sshDirectory());
    assertEquals(Duration.ofSeconds(20), repository.fetchTimeout());
    assertTrue(repository.overSsh());
    assertEquals(Duration.ofSeconds(60), load(MINIMAL).repository().fetchTimeout());
    assertFalse(load(MINIMAL).repository().overSsh());

    // The directory is checked when the sidecar starts: what is missing, and how to add it.
    SidecarConfigException missing =
        assertThrows(SidecarConfigException.class, () -> repository.login(Map.of()));
    assertEquals("repository.sshDirectory", missing.key());
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    Files.createDirectories(dir.resolve("ssh"));
    Files.writeString(dir.resolve("ssh/known_hosts"), "host ssh-ed25519 AAAA\n");
    SidecarConfigException noKey =
        assertThrows(SidecarConfigException.class, () -> repository.login(Map.of()));
    assertTrue(noKey.getMessage().contains("has no private key"), noKey.getMessage());
    Files.writeString(dir.resolve("ssh/id_ed25519"), "read when a session opens");
    repository.login(Map.of()).close();

    SidecarConfigException notSsh =
        refused(MINIMAL.replace("  url:", "  sshDirectory: ssh\n  url:"));
    assertEquals("repository.sshDirectory", notSsh.key());
    assertTrue(notSsh.getMessage().contains("not reached over SSH"), notSsh.getMessage());
    assertEquals(
        "repository.fetchTimeout",
        refused(MINIMAL.replace("  url:", "  fetchTimeout: PT0.5S\n  url:")).key());
  }
}

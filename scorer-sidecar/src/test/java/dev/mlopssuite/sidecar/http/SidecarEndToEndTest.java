package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.STARTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sidecar as one service against a real model repository: live at once, not ready without
 * a promotion, ready within a second of the refresh webhook after a promotion lands, a second
 * promotion swaps the served version, and after a clean stop every acknowledged prediction is in
 * the log (docs/scorer-sidecar.md).
 */
class SidecarEndToEndTest {
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

  @Test
  void servesWhatWasPromotedAndKeepsEveryAcknowledgedPrediction() throws Exception {
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

    long started = System.nanoTime();
    int scored = 0;
    try (Sidecar sidecar = Sidecar.start(config)) {
      assertEquals(200, get(port, "/v2/health/live").statusCode(), "live at once");
      System.out.printf("sidecar live %.0f ms after start%n", (System.nanoTime() - started) / 1e6);
      assertEquals(503, get(port, "/v2/health/ready").statusCode(), "no promotion: not ready");

      promote("v1", null);
      assertEquals(401, post(port, "/admin/refresh", "", "wrong").statusCode());
      long refreshed = System.nanoTime();
      assertTrue(post(port, "/admin/refresh", "", TOKEN).statusCode() < 300);
      awaitVersion(port, "v1");
      System.out.printf(
          "v1 served %.0f ms after the refresh webhook%n", (System.nanoTime() - refreshed) / 1e6);
      assertEquals(200, get(port, "/v2/health/ready").statusCode());

      List<String> features =
          new RunVerifier().verify(root.resolve("runs/v1"), null).manifest().featureNames();
      HttpResponse<String> infer =
          post(
              port,
              "/v2/models/" + MODEL + "/infer",
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 4, 3)),
              null);
      assertEquals(200, infer.statusCode(), infer.body());
      assertEquals("v1", infer.headers().firstValue("X-Model-Version").orElseThrow());
      scored += 4;

      promote("v2", "v1");
      post(port, "/admin/refresh", "", TOKEN);
      awaitVersion(port, "v2");
      HttpResponse<String> again =
          post(
              port,
              "/v2/models/" + MODEL + "/infer",
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 3, 4)),
              null);
      assertEquals("v2", again.headers().firstValue("X-Model-Version").orElseThrow());
      scored += 3;
    }
    long records;
    try (Stream<Path> files = Files.list(root.resolve("predictions"))) {
      records =
          files
              .filter(f -> f.getFileName().toString().startsWith("predictions-"))
              .mapToLong(SidecarEndToEndTest::lines)
              .sum();
    }
    assertEquals(scored, records, "every acknowledged prediction is on disk after a clean stop");
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank()).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

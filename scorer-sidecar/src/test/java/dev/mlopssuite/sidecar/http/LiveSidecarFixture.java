package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.run.RunVerifier;
import dev.mlopssuite.sidecar.testing.SamplePromotions;
import dev.mlopssuite.trust.KeyFiles;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real model repository, a signing key the sidecar trusts, a refresh token and a sidecar.yaml
 * pointing at them: what the tests that run the whole sidecar share.
 */
final class LiveSidecarFixture {
  static final String TOKEN = "refresh-me-0123456789";
  // A server that accepts and never answers fails the test instead of holding it.
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  final Path root;
  final int port;
  final Path config;
  private final SigningKey key = SigningKey.generate();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;

  LiveSidecarFixture(Path root) throws Exception {
    this(root, Duration.ofSeconds(60));
  }

  /** With the branch fetched every {@code pollInterval} besides on the refresh webhook. */
  LiveSidecarFixture(Path root, Duration pollInterval) throws Exception {
    this.root = root;
    url = SamplePromotions.createRepository(root, SamplePromotions.POLICY);
    Path keys = Files.createDirectories(root.resolve("keys"));
    KeyFiles.writePublicKey(keys.resolve("promotion.pub.pem"), key.pair().getPublic());
    Files.writeString(root.resolve("refresh-token"), TOKEN + "\n");
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    config = root.resolve("sidecar.yaml");
    Files.writeString(
        config,
        """
        repository:
          url: %s
          branch: main
          pollInterval: %s
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
            .formatted(url, pollInterval, MODEL, port));
  }

  /**
   * Points sidecar.yaml at {@code sshUrl}, logging in with the key and known_hosts of {@code
   * sshDirectory}.
   */
  void fetchOverSsh(String sshUrl, Path sshDirectory) throws Exception {
    String yaml = Files.readString(config);
    Files.writeString(
        config,
        yaml.replace(
            "  url: " + url + "\n",
            "  url: " + sshUrl + "\n  sshDirectory: " + sshDirectory + "\n"));
  }

  /** Promotes the committed sample run as {@code version}, over {@code championBefore}. */
  String promote(String version, String championBefore) throws Exception {
    return SamplePromotions.promote(url, root, version, championBefore, key);
  }

  /** As {@link #promote}, signed by {@code signer} instead of the key the sidecar trusts. */
  String promoteSignedBy(String version, String championBefore, SigningKey signer)
      throws Exception {
    return SamplePromotions.promote(url, root, version, championBefore, signer);
  }

  /** The feature names of a promoted version, in the model's order. */
  List<String> features(String version) throws Exception {
    return new RunVerifier()
        .verify(root.resolve("runs").resolve(version), null)
        .manifest()
        .featureNames();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(REQUEST_TIMEOUT)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(REQUEST_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> refresh() throws Exception {
    return post("/admin/refresh", "", TOKEN);
  }

  String servedVersion() throws Exception {
    HttpResponse<String> metadata = get("/v2/models/" + MODEL);
    if (metadata.statusCode() != 200) {
      return null;
    }
    JsonNode versions = CanonicalJson.mapper().readTree(metadata.body()).get("versions");
    return versions == null || versions.isEmpty() ? null : versions.get(0).asText();
  }

  void awaitVersion(String version) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!version.equals(servedVersion())) {
      assertTrue(System.nanoTime() < deadline, "version " + version + " not served in time");
      Thread.sleep(50);
    }
  }
}

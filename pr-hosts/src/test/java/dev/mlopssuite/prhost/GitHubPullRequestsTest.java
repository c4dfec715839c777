package dev.mlopssuite.prhost;

import static dev.mlopssuite.prhost.NoTokenLeaks.SECRET;
import static dev.mlopssuite.prhost.NoTokenLeaks.assertNoSecretIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * GitHub's "Create a pull request" (REST API 2022-11-28) against a local server: the request as
 * GitHub documents it, and each documented answer mapped to its exception.
 */
class GitHubPullRequestsTest {
  @RegisterExtension final NoTokenLeaks noTokenLeaks = new NoTokenLeaks();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PullRequestRequest REQUEST =
      new PullRequestRequest(
          "promote/run-42", "main", "Promote run 42", "Gates passed; AUC 0.91 vs 0.89.");
  private static final HostTimeouts QUICK =
      new HostTimeouts(Duration.ofSeconds(5), Duration.ofMillis(700));

  private RecordingServer server;
  private GitHubPullRequests github;

  @BeforeEach
  void start() throws Exception {
    server = RecordingServer.start();
    github =
        new GitHubPullRequests(
            server.uri(), "octo-org", "risk-models", NoTokenLeaks.token(), QUICK);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendsTheDocumentedRequest() throws Exception {
    server.answer(201, created());

    github.open(REQUEST);

    List<RecordingServer.Recorded> requests = server.requests();
    assertEquals(1, requests.size());
    RecordingServer.Recorded sent = requests.get(0);
    assertEquals("POST", sent.method());
    assertEquals("/repos/octo-org/risk-models/pulls", sent.rawPath());
    assertEquals(List.of("Bearer " + SECRET), sent.headers().get("Authorization"));
    assertEquals(List.of("application/vnd.github+json"), sent.headers().get("Accept"));
    assertEquals(List.of("2022-11-28"), sent.headers().get("X-GitHub-Api-Version"));
    assertEquals(List.of("application/json"), sent.headers().get("Content-Type"));
    JsonNode body = JSON.readTree(sent.body());
    assertEquals(Set.of("head", "base", "title", "body"), fieldNames(body));
    assertEquals("promote/run-42", body.get("head").asText());
    assertEquals("main", body.get("base").asText());
    assertEquals("Promote run 42", body.get("title").asText());
    assertEquals("Gates passed; AUC 0.91 vs 0.89.", body.get("body").asText());
  }

  @Test
  void anEnterpriseServerKeepsItsApiPath() throws Exception {
    server.answer(201, created());
    URI enterprise = URI.create(server.uri() + "/api/v3/");
    new GitHubPullRequests(enterprise, "octo-org", "risk-models", NoTokenLeaks.token(), QUICK)
        .open(REQUEST);
    assertEquals("/api/v3/repos/octo-org/risk-models/pulls", server.requests().get(0).rawPath());
  }

  @Test
  void createdGivesTheWebAddressAndNumber() throws Exception {
    server.answer(201, created());
    PullRequestResult result = github.open(REQUEST);
    assertEquals(
        new PullRequestResult("https://github.com/octo-org/risk-models/pull/1347", "1347"), result);
  }

  @Test
  void aRefusedTokenSaysSo() {
    server.answer(
        401,
        "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    TokenRefusedException e = failsWith(TokenRefusedException.class, () -> github.open(REQUEST));
    assertTrue(
        e.getMessage().startsWith("the token was refused (401): check it is valid and not expired"),
        e.getMessage());
    assertTrue(e.getMessage().contains("environment variable HOST_TOKEN"), e.getMessage());
    assertEquals(server.host(), e.host());
  }

  @Test
  void aForbiddenTokenNamesThePermissionGitHubRequires() {
    server.answer(403, "{\"message\":\"Resource not accessible by personal access token\"}");
    PermissionDeniedException e =
        failsWith(PermissionDeniedException.class, () -> github.open(REQUEST));
    assertTrue(e.getMessage().contains("pull_requests: write"), e.getMessage());
    assertTrue(e.getMessage().contains("repo scope"), e.getMessage());
    assertTrue(e.getMessage().contains("octo-org/risk-models"), e.getMessage());
    assertTrue(
        e.getMessage().contains("Resource not accessible by personal access token"),
        e.getMessage());
  }

  @Test
  void anOpenPullRequestForTheBranchIsRejectedWithGitHubsWords() {
    server.answer(
        422,
        "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
            + "\"code\":\"custom\",\"message\":\"A pull request already exists for"
            + " octo-org:promote/run-42.\"}],\"status\":\"422\"}");
    PullRequestRejectedException e =
        failsWith(PullRequestRejectedException.class, () -> github.open(REQUEST));
    assertEquals(422, e.status());
    assertEquals(
        "Validation Failed; A pull request already exists for octo-org:promote/run-42.",
        e.serviceMessage());
    assertTrue(e.getMessage().contains(e.serviceMessage()), e.getMessage());
    assertTrue(e.getMessage().contains("from promote/run-42 into main"), e.getMessage());
  }

  @Test
  void aMissingBranchIsRejectedNamingTheField() {
    server.answer(
        422,
        "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
            + "\"field\":\"head\",\"code\":\"invalid\"}]}");
    PullRequestRejectedException e =
        failsWith(PullRequestRejectedException.class, () -> github.open(REQUEST));
    assertEquals("Validation Failed; PullRequest head invalid", e.serviceMessage());
  }

  @Test
  void anUnknownRepositoryIsNotFound() {
    server.answer(404, "{\"message\":\"Not Found\"}");
    RepositoryNotFoundException e =
        failsWith(RepositoryNotFoundException.class, () -> github.open(REQUEST));
    assertEquals("octo-org/risk-models", e.repository());
  }

  @Test
  void aServerErrorIsUnexpected() {
    server.answer(502, "<html>Bad gateway</html>");
    UnexpectedResponseException e =
        failsWith(UnexpectedResponseException.class, () -> github.open(REQUEST));
    assertEquals(502, e.status());
    assertEquals("<html>Bad gateway</html>", e.serviceMessage());
  }

  @Test
  void aCreatedAnswerWithoutTheNumberIsUnexpected() {
    server.answer(201, "{\"html_url\":\"https://github.com/octo-org/risk-models/pull/1\"}");
    failsWith(UnexpectedResponseException.class, () -> github.open(REQUEST));
  }

  @Test
  void aDroppedConnectionSaysTheBranchIsPushed() throws Exception {
    try (DroppingServer dropping = new DroppingServer()) {
      GitHubPullRequests host =
          new GitHubPullRequests(
              dropping.uri(), "octo-org", "risk-models", NoTokenLeaks.token(), QUICK);
      HostUnreachableException e =
          failsWith(HostUnreachableException.class, () -> host.open(REQUEST));
      assertEquals(dropping.host(), e.host());
      assertTrue(e.getMessage().contains("no answer from " + dropping.host()), e.getMessage());
      assertTrue(e.getMessage().contains("the connection was dropped"), e.getMessage());
      assertTrue(e.getMessage().contains("promote/run-42 is pushed"), e.getMessage());
      assertTrue(e.getMessage().contains("by hand"), e.getMessage());
      assertTrue(e.getMessage().contains("retry"), e.getMessage());
    }
  }

  @Test
  void aHostThatDoesNotAnswerTimesOut() {
    server.stall();
    long start = System.nanoTime();
    HostUnreachableException e =
        failsWith(HostUnreachableException.class, () -> github.open(REQUEST));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "waited too long");
    assertInstanceOf(HttpTimeoutException.class, e.getCause());
    assertTrue(e.getMessage().contains("within the request timeout"), e.getMessage());
    assertTrue(e.getMessage().contains(server.host()), e.getMessage());
  }

  @Test
  void toStringMasksTheToken() {
    String text = github.toString();
    assertFalse(text.contains(SECRET), text);
    assertTrue(text.contains("****"), text);
  }

  @Test
  void badNamesAreRefusedWhenBuilt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GitHubPullRequests("octo-org", "risk models", NoTokenLeaks.token()));
    assertTrue(e.getMessage().contains("'risk models'"), e.getMessage());
  }

  private static <T extends Throwable> T failsWith(Class<T> type, Executable call) {
    T e = assertThrows(type, call);
    assertNoSecretIn(e);
    return e;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String created() {
    // the fields this adapter reads, from GitHub's documented 201 example, plus a few beside them
    return "{\"id\":1,\"number\":1347,\"state\":\"open\",\"title\":\"Promote run 42\","
        + "\"html_url\":\"https://github.com/octo-org/risk-models/pull/1347\","
        + "\"url\":\"https://api.github.com/repos/octo-org/risk-models/pulls/1347\"}";
  }
}

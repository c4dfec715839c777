package dev.mlopssuite.prhost;

import static dev.mlopssuite.prhost.NoTokenLeaks.SECRET;
import static dev.mlopssuite.prhost.NoTokenLeaks.assertNoSecretIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * GitLab's "Create MR" (REST API v4) against a local server: the request as GitLab documents it,
 * and each documented answer mapped to its exception.
 */
class GitLabMergeRequestsTest {
  @RegisterExtension final NoTokenLeaks noTokenLeaks = new NoTokenLeaks();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PullRequestRequest REQUEST =
      new PullRequestRequest("promote/run-42", "main", "Promote run 42", "Gates passed.");
  private static final HostTimeouts QUICK =
      new HostTimeouts(Duration.ofSeconds(5), Duration.ofMillis(700));

  private RecordingServer server;

  @BeforeEach
  void start() throws Exception {
    server = RecordingServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GitLabMergeRequests gitlab(String project) throws TokenUnavailableException {
    return new GitLabMergeRequests(server.uri(), project, NoTokenLeaks.token(), QUICK);
  }

  @Test
  void sendsTheDocumentedRequest() throws Exception {
    server.answer(201, created());

    gitlab("risk/models/pacemaker").open(REQUEST);

    List<RecordingServer.Recorded> requests = server.requests();
    assertEquals(1, requests.size());
    RecordingServer.Recorded sent = requests.get(0);
    assertEquals("POST", sent.method());
    assertEquals("/api/v4/projects/risk%2Fmodels%2Fpacemaker/merge_requests", sent.rawPath());
    assertEquals(List.of(SECRET), sent.headers().get("PRIVATE-TOKEN"));
    assertNull(sent.headers().get("Authorization"));
    assertEquals(List.of("application/json"), sent.headers().get("Content-Type"));
    JsonNode body = JSON.readTree(sent.body());
    assertEquals(Set.of("source_branch", "target_branch", "title", "description"), names(body));
    assertEquals("promote/run-42", body.get("source_branch").asText());
    assertEquals("main", body.get("target_branch").asText());
    assertEquals("Promote run 42", body.get("title").asText());
    assertEquals("Gates passed.", body.get("description").asText());
  }

  @Test
  void aProjectIsANumberOrAPathEncodedOnce() throws Exception {
    server.answer(201, created());
    gitlab("4711").open(REQUEST);
    gitlab("risk%2Fmodels%2Fpacemaker").open(REQUEST);
    assertEquals("/api/v4/projects/4711/merge_requests", server.requests().get(0).rawPath());
    assertEquals(
        "/api/v4/projects/risk%2Fmodels%2Fpacemaker/merge_requests",
        server.requests().get(1).rawPath());
  }

  @Test
  void createdGivesTheWebAddressAndIid() throws Exception {
    server.answer(201, created());
    assertEquals(
        new PullRequestResult("https://gitlab.com/risk/models/pacemaker/-/merge_requests/12", "12"),
        gitlab("risk/models/pacemaker").open(REQUEST));
  }

  @Test
  void aRefusedTokenSaysSo() throws Exception {
    server.answer(401, "{\"message\":\"401 Unauthorized\"}");
    GitLabMergeRequests host = gitlab("4711");
    TokenRefusedException e = failsWith(TokenRefusedException.class, () -> host.open(REQUEST));
    assertTrue(
        e.getMessage().startsWith("the token was refused (401): check it is valid and not expired"),
        e.getMessage());
  }

  @Test
  void aForbiddenTokenNamesTheScopeAndRole() throws Exception {
    server.answer(403, "{\"message\":\"403 Forbidden\"}");
    GitLabMergeRequests host = gitlab("4711");
    PermissionDeniedException e =
        failsWith(PermissionDeniedException.class, () -> host.open(REQUEST));
    assertTrue(e.getMessage().contains("api scope"), e.getMessage());
    assertTrue(e.getMessage().contains("Developer role"), e.getMessage());
    assertEquals("4711", e.repository());
  }

  @Test
  void anOpenMergeRequestForTheBranchIsAConflict() throws Exception {
    server.answer(
        409,
        "{\"message\":[\"Another open merge request already exists for this source branch:"
            + " !12\"]}");
    GitLabMergeRequests host = gitlab("4711");
    PullRequestRejectedException e =
        failsWith(PullRequestRejectedException.class, () -> host.open(REQUEST));
    assertEquals(409, e.status());
    assertEquals(
        "Another open merge request already exists for this source branch: !12",
        e.serviceMessage());
    assertTrue(e.getMessage().contains("already open"), e.getMessage());
  }

  @Test
  void aRefusedRequestQuotesGitLabsFieldErrors() throws Exception {
    server.answer(422, "{\"message\":{\"source_branch\":[\"is invalid\"]}}");
    GitLabMergeRequests host = gitlab("4711");
    PullRequestRejectedException e =
        failsWith(PullRequestRejectedException.class, () -> host.open(REQUEST));
    assertEquals("source_branch is invalid", e.serviceMessage());
  }

  @Test
  void anUnknownProjectIsNotFound() throws Exception {
    server.answer(404, "{\"message\":\"404 Project Not Found\"}");
    GitLabMergeRequests host = gitlab("risk/models/pacemaker");
    failsWith(RepositoryNotFoundException.class, () -> host.open(REQUEST));
  }

  @Test
  void aDroppedConnectionSaysTheBranchIsPushed() throws Exception {
    try (DroppingServer dropping = new DroppingServer()) {
      GitLabMergeRequests host =
          new GitLabMergeRequests(dropping.uri(), "4711", NoTokenLeaks.token(), QUICK);
      HostUnreachableException e =
          failsWith(HostUnreachableException.class, () -> host.open(REQUEST));
      assertEquals(dropping.host(), e.host());
      assertEquals("promote/run-42", e.sourceBranch());
      assertTrue(e.getMessage().contains("promote/run-42 is pushed"), e.getMessage());
      assertTrue(e.getMessage().contains("by hand"), e.getMessage());
    }
  }

  @Test
  void aHostThatDoesNotAnswerTimesOut() throws Exception {
    server.stall();
    GitLabMergeRequests host = gitlab("4711");
    HostUnreachableException e =
        failsWith(HostUnreachableException.class, () -> host.open(REQUEST));
    assertInstanceOf(HttpTimeoutException.class, e.getCause());
    assertTrue(e.getMessage().contains(server.host()), e.getMessage());
  }

  @Test
  void toStringMasksTheToken() throws Exception {
    String text = gitlab("4711").toString();
    assertFalse(text.contains(SECRET), text);
    assertTrue(text.contains("****"), text);
  }

  @Test
  void aProjectThatIsNeitherIdNorPathIsRefusedWhenBuilt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> gitlab("risk//models"));
    assertTrue(e.getMessage().contains("'risk//models'"), e.getMessage());
  }

  private static <T extends Throwable> T failsWith(Class<T> type, Executable call) {
    T e = assertThrows(type, call);
    assertNoSecretIn(e);
    return e;
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String created() {
    // the fields this adapter reads, from GitLab's documented 201 example, plus a few beside them
    return "{\"id\":93,\"iid\":12,\"project_id\":4711,\"title\":\"Promote run 42\","
        + "\"state\":\"opened\","
        + "\"web_url\":\"https://gitlab.com/risk/models/pacemaker/-/merge_requests/12\"}";
  }
}

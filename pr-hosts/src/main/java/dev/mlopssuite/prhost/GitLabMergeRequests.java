package dev.mlopssuite.prhost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opens merge requests through GitLab's REST API, "Create MR": {@code POST
 * /api/v4/projects/:id/merge_requests} with {@code source_branch}, {@code target_branch}, {@code
 * title}, {@code description}; 201 gives {@code web_url} and {@code iid}. How each answer maps to
 * an exception is in docs/pull-request-hosts.md, section "Answers and errors".
 */
public final class GitLabMergeRequests implements PullRequestHost {
  public static final URI DEFAULT_BASE_URI = URI.create("https://gitlab.com");

  /** A numeric project id, or a namespace path: segments of letters, digits, '.', '_', '-'. */
  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  private final String base;
  private final String project;
  private final String projectInPath;
  private final Token token;
  private final JsonExchange exchange;

  /** gitlab.com, with the default timeouts. */
  public GitLabMergeRequests(String project, Token token) {
    this(DEFAULT_BASE_URI, project, token, HostTimeouts.DEFAULT);
  }

  /**
   * @param baseUri the GitLab instance, e.g. https://gitlab.example.com (the API is under /api/v4)
   * @param project the numeric project id, or its path {@code group/subgroup/project}, plain or
   *     URL-encoded ({@code group%2Fsubgroup%2Fproject}); it is encoded once for the request
   */
  public GitLabMergeRequests(URI baseUri, String project, Token token, HostTimeouts timeouts) {
    this.base = JsonExchange.apiBase(baseUri);
    this.project = projectPath(project);
    // GitLab takes a path as the id with each '/' encoded; the other allowed characters are
    // unreserved in a URI
    this.projectInPath = this.project.replace("/", "%2F");
    this.token = token;
    this.exchange = new JsonExchange(baseUri, token, timeouts);
  }

  @Override
  public PullRequestResult open(PullRequestRequest request) throws PullRequestException {
    ObjectNode body = JsonExchange.JSON.createObjectNode();
    body.put("source_branch", request.sourceBranch());
    body.put("target_branch", request.targetBranch());
    body.put("title", request.title());
    body.put("description", request.body());
    JsonExchange.Answer answer =
        exchange.post(
            URI.create(base + "/api/v4/projects/" + projectInPath + "/merge_requests"),
            Map.of("PRIVATE-TOKEN", token.value()),
            body,
            request);
    String host = exchange.host();
    int status = answer.status();
    Optional<PullRequestResult> created = answer.created("web_url", "iid");
    if (created.isPresent()) {
      return created.get();
    }
    String said = exchange.serviceMessage(answer);
    switch (status) {
      case 401:
        throw new TokenRefusedException(host, token.source());
      case 403:
        throw new PermissionDeniedException(
            PullRequestText.gitlabForbidden(host, project, said),
            host,
            project,
            PullRequestText.GITLAB_PERMISSION,
            said);
      case 404:
        throw new RepositoryNotFoundException(host, "project " + project, said);
      case 409:
        throw new PullRequestRejectedException(
            PullRequestText.gitlabConflict(host, project, request, said), host, status, said);
      case 400:
      case 422:
        throw new PullRequestRejectedException(
            PullRequestText.gitlabRejected(host, project, request, status, said),
            host,
            status,
            said);
      default:
        throw new UnexpectedResponseException(host, status, said);
    }
  }

  private static String projectPath(String project) {
    String decoded =
        project != null && project.contains("%")
            ? URLDecoder.decode(project, StandardCharsets.UTF_8)
            : project;
    if (decoded == null || !PROJECT.matcher(decoded).matches()) {
      throw new IllegalArgumentException(
          "project is '"
              + project
              + "': give the numeric project id or its path, e.g. 42 or group/subgroup/project");
    }
    return decoded;
  }

  @Override
  public String toString() {
    return "GitLabMergeRequests[" + base + ", project " + project + ", " + token + "]";
  }
}

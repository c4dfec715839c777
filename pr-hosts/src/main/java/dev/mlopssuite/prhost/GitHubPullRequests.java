package dev.mlopssuite.prhost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opens pull requests through GitHub's REST API, "Create a pull request": {@code POST
 * /repos/{owner}/{repo}/pulls} with {@code head}, {@code base}, {@code title}, {@code body}; 201
 * gives {@code html_url} and {@code number}. How each answer maps to an exception is in
 * docs/pull-request-hosts.md, section "Answers and errors".
 */
public final class GitHubPullRequests implements PullRequestHost {
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.github.com");

  /** The REST API version this adapter was written against (GitHub's dated versions). */
  static final String API_VERSION = "2022-11-28";

  /** GitHub's owner and repository names: letters, digits, '.', '_' and '-'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final String base;
  private final String repository;
  private final Token token;
  private final JsonExchange exchange;

  /** github.com, with the default timeouts. */
  public GitHubPullRequests(String owner, String repo, Token token) {
    this(DEFAULT_BASE_URI, owner, repo, token, HostTimeouts.DEFAULT);
  }

  /**
   * @param baseUri the API root: https://api.github.com, or https://HOST/api/v3 for GitHub
   *     Enterprise Server
   */
  public GitHubPullRequests(
      URI baseUri, String owner, String repo, Token token, HostTimeouts timeouts) {
    this.base = JsonExchange.apiBase(baseUri);
    this.repository = name("owner", owner) + "/" + name("repo", repo);
    this.token = token;
    this.exchange = new JsonExchange(baseUri, token, timeouts);
  }

  @Override
  public PullRequestResult open(PullRequestRequest request) throws PullRequestException {
    ObjectNode body = JsonExchange.JSON.createObjectNode();
    body.put("head", request.sourceBranch());
    body.put("base", request.targetBranch());
    body.put("title", request.title());
    body.put("body", request.body());
    JsonExchange.Answer answer =
        exchange.post(
            URI.create(base + "/repos/" + repository + "/pulls"),
            Map.of(
                "Authorization",
                "Bearer " + token.value(),
                "Accept",
                "application/vnd.github+json",
                "X-GitHub-Api-Version",
                API_VERSION),
            body,
            request);
    String host = exchange.host();
    int status = answer.status();
    Optional<PullRequestResult> created = answer.created("html_url", "number");
    if (created.isPresent()) {
      return created.get();
    }
    String said = exchange.serviceMessage(answer);
    switch (status) {
      case 401:
        throw new TokenRefusedException(host, token.source());
      case 403:
        throw new PermissionDeniedException(
            PullRequestText.githubForbidden(host, repository, said),
            host,
            repository,
            PullRequestText.GITHUB_PERMISSION,
            said);
      case 404:
        throw new RepositoryNotFoundException(host, repository, said);
      case 422:
        throw new PullRequestRejectedException(
            PullRequestText.githubRejected(host, repository, request, said), host, status, said);
      default:
        throw new UnexpectedResponseException(host, status, said);
    }
  }

  private static String name(String field, String value) {
    if (value == null
        || !NAME.matcher(value).matches()
        || value.equals(".")
        || value.equals("..")) {
      throw new IllegalArgumentException(
          field
              + " is '"
              + value
              + "': give the GitHub "
              + field
              + " name as in github.com/OWNER/REPO (letters, digits, '.', '_', '-')");
    }
    return value;
  }

  @Override
  public String toString() {
    return "GitHubPullRequests[" + base + ", " + repository + ", " + token + "]";
  }
}

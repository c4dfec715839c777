package dev.mlopssuite.prhost;

import java.net.URI;
import java.util.List;

/**
 * Picks the adapter for a host by name (docs/pull-request-hosts.md), so that a caller (a Maven
 * goal, a pipeline) names the host and the repository and never knows the adapters' differences.
 */
public final class PullRequestHosts {
  public static final URI GITHUB_API = URI.create("https://api.github.com");
  public static final URI GITLAB = URI.create("https://gitlab.com");

  /** The hosts {@link #of} knows. */
  public static final List<String> HOSTS = List.of("github", "gitlab");

  private PullRequestHosts() {}

  /**
   * @param host github or gitlab
   * @param repository GitHub: {@code owner/repo}; GitLab: the project id or path
   * @param baseUrl the API base of a GitHub Enterprise or self-managed GitLab, or null
   */
  public static PullRequestHost of(String host, String repository, String baseUrl, Token token)
      throws PullRequestException {
    if (repository == null || repository.isBlank()) {
      throw new PullRequestException(
          "no repository named for the pull request: give -Dmlops.pullRequest.repository"
              + " (GitHub: owner/repo; GitLab: the project id or path)",
          null);
    }
    switch (host) {
      case "github" -> {
        String[] ownerRepo = repository.split("/", 2);
        if (ownerRepo.length != 2) {
          throw new PullRequestException(
              "GitHub repository '" + repository + "' is not owner/repo: write it as owner/repo",
              null);
        }
        return new GitHubPullRequests(
            baseUrl == null ? GITHUB_API : URI.create(baseUrl),
            ownerRepo[0],
            ownerRepo[1],
            token,
            HostTimeouts.DEFAULT);
      }
      case "gitlab" -> {
        return new GitLabMergeRequests(
            baseUrl == null ? GITLAB : URI.create(baseUrl),
            repository,
            token,
            HostTimeouts.DEFAULT);
      }
      default ->
          throw new PullRequestException(
              "'" + host + "' is not a pull-request host: use one of " + HOSTS, null);
    }
  }
}

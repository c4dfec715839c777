package dev.mlopssuite.prhost;

/**
 * The port to a hosted Git service's pull-request API (STYLE.md habit 2): opens a pull request (a
 * merge request on GitLab) from a promotion branch that is already pushed. Adapters: {@link
 * GitHubPullRequests}, {@link GitLabMergeRequests}. The rules are in docs/pull-request-hosts.md.
 */
public interface PullRequestHost {

  /**
   * Opens one pull request. Nothing is retried here: a failure says whether retrying can help.
   *
   * @throws TokenRefusedException the service refused the token (401)
   * @throws PermissionDeniedException the token lacks the scope or role to open it (403)
   * @throws RepositoryNotFoundException no such repository or project, or the token cannot see it
   * @throws PullRequestRejectedException the service refused the request itself, for example one is
   *     already open for the branch or a branch does not exist (GitHub 422, GitLab 409/400/422)
   * @throws HostUnreachableException no answer: connection refused or dropped, or a timeout
   * @throws UnexpectedResponseException any other answer
   */
  PullRequestResult open(PullRequestRequest request) throws PullRequestException;
}

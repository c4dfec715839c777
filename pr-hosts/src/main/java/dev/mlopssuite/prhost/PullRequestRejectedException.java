package dev.mlopssuite.prhost;

/**
 * The host refused this pull request: GitHub 422 (one is already open for the branch, a branch does
 * not exist, no commits between them), GitLab 409 (an open merge request for the branch exists) or
 * GitLab 400/422. Carries the status and the host's own words.
 */
public final class PullRequestRejectedException extends PullRequestException {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final int status;
  private final String serviceMessage;

  PullRequestRejectedException(String message, String host, int status, String serviceMessage) {
    super(message, null);
    this.host = host;
    this.status = status;
    this.serviceMessage = serviceMessage;
  }

  public String host() {
    return host;
  }

  public int status() {
    return status;
  }

  /** GitHub's {@code message} and {@code errors}, or GitLab's {@code message}, flattened. */
  public String serviceMessage() {
    return serviceMessage;
  }
}

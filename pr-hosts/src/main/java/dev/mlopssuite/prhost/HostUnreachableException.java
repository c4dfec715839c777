package dev.mlopssuite.prhost;

/**
 * No answer from the host: the connection was refused or dropped, or a timeout passed. The
 * promotion branch is already pushed, so the pull request can be opened by hand or the step
 * retried.
 */
public final class HostUnreachableException extends PullRequestException {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final String sourceBranch;

  HostUnreachableException(String host, PullRequestRequest request, Throwable cause) {
    super(PullRequestText.unreachable(host, request, cause), cause);
    this.host = host;
    this.sourceBranch = request.sourceBranch();
  }

  public String host() {
    return host;
  }

  /** The pushed promotion branch whose pull request was not opened. */
  public String sourceBranch() {
    return sourceBranch;
  }
}

package dev.mlopssuite.prhost;

/**
 * The host accepted the token but it may not open a pull request here (403). Carries the permission
 * the host's documentation requires.
 */
public final class PermissionDeniedException extends PullRequestException {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final String repository;
  private final String requiredPermission;
  private final String serviceMessage;

  PermissionDeniedException(
      String message,
      String host,
      String repository,
      String requiredPermission,
      String serviceMessage) {
    super(message, null);
    this.host = host;
    this.repository = repository;
    this.requiredPermission = requiredPermission;
    this.serviceMessage = serviceMessage;
  }

  public String host() {
    return host;
  }

  /** {@code owner/repo} on GitHub, the project id or path on GitLab. */
  public String repository() {
    return repository;
  }

  public String requiredPermission() {
    return requiredPermission;
  }

  /** What the host said, for example GitHub's {@code message}. */
  public String serviceMessage() {
    return serviceMessage;
  }
}

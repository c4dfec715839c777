package dev.mlopssuite.prhost;

/**
 * The host knows no such repository or project (404), or the token cannot see it: GitHub answers
 * 404 rather than 403 for a private repository the token cannot read.
 */
public final class RepositoryNotFoundException extends PullRequestException {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final String repository;

  RepositoryNotFoundException(String host, String repository, String serviceMessage) {
    super(PullRequestText.notFound(host, repository, serviceMessage), null);
    this.host = host;
    this.repository = repository;
  }

  public String host() {
    return host;
  }

  public String repository() {
    return repository;
  }
}

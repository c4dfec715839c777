package dev.mlopssuite.prhost;

/**
 * The token could not be read: the environment variable is unset or empty, the file is missing or
 * unreadable, or what was read cannot be a token. Carries where the token was to come from.
 */
public final class TokenUnavailableException extends PullRequestException {
  private static final long serialVersionUID = 1L;
  private final String source;

  TokenUnavailableException(String source, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
  }

  /** Where the token was to come from, for example {@code environment variable GITHUB_TOKEN}. */
  public String source() {
    return source;
  }
}

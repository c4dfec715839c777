package dev.mlopssuite.prhost;

/**
 * Root of the checked exceptions of {@link PullRequestHost}. Every message says what is wrong, the
 * value and the fix (wording in {@link PullRequestText}), and none carries the token: messages name
 * where the token came from, never what it is.
 */
public class PullRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  PullRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}

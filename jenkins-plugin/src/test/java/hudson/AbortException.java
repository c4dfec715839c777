package hudson;

import java.io.IOException;

/**
 * Stand-in for Jenkins' hudson.AbortException, which the {@code error} step throws: the build fails
 * with the message and no stack trace. Same name, so a library catching it behaves alike.
 */
public class AbortException extends IOException {
  private static final long serialVersionUID = 1L;

  public AbortException(String message) {
    super(message);
  }
}

package dev.mlopssuite.prhost;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The secret every test token holds, and a JUnit extension that captures System.out, System.err and
 * every java.util.logging record (root logger opened to ALL) during each test, then fails if the
 * secret appears in any of them.
 */
final class NoTokenLeaks implements BeforeEachCallback, AfterEachCallback {
  static final String SECRET = "glpat-S3cretValue-0123456789abcdef";

  private final StringBuilder logged = new StringBuilder();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream out;
  private PrintStream err;
  private Level rootLevel;
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          // the test server's own logger is not the code under test
          if (record.getLoggerName() == null
              || !record.getLoggerName().startsWith("com.sun.net.httpserver")) {
            synchronized (logged) {
              logged
                  .append(record.getMessage())
                  .append(' ')
                  .append(
                      record.getParameters() == null ? "" : Arrays.toString(record.getParameters()))
                  .append('\n');
              if (record.getThrown() != null) {
                logged.append(stackTrace(record.getThrown()));
              }
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  static Token token() throws TokenUnavailableException {
    return Token.fromEnvironment("HOST_TOKEN", name -> SECRET + "\n");
  }

  /** Fails if the secret is in the exception's message, toString or stack trace (causes too). */
  static void assertNoSecretIn(Throwable thrown) {
    assertFalse(stackTrace(thrown).contains(SECRET), "the token leaked into " + thrown.getClass());
  }

  static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    out = System.out;
    err = System.err;
    System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
    Logger root = Logger.getLogger("");
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Logger root = Logger.getLogger("");
    root.removeHandler(handler);
    root.setLevel(rootLevel);
    System.setOut(out);
    System.setErr(err);
    String printedText = printed.toString(StandardCharsets.UTF_8);
    assertFalse(printedText.contains(SECRET), "the token was printed:\n" + printedText);
    synchronized (logged) {
      assertFalse(logged.toString().contains(SECRET), "the token was logged:\n" + logged);
    }
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (printed) {
          printed.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (printed) {
          printed.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
  }
}

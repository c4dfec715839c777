package dev.mlopssuite.prhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * An API token read from an environment variable or a file. The value never leaves this package:
 * {@link #toString()} masks it, {@link #source()} names where it came from, and every message of
 * this module names the source instead of the value. Leading and trailing whitespace (the newline
 * an editor or {@code echo} leaves) is trimmed; what remains must be visible ASCII, because a token
 * never holds anything else and the JDK's HTTP client would quote an invalid header value in its
 * error message.
 */
public final class Token {
  static final String MASK = "****";

  private final String value;
  private final String source;

  private Token(String value, String source) throws TokenUnavailableException {
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new TokenUnavailableException(source, PullRequestText.tokenEmpty(source), null);
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new TokenUnavailableException(
            source, PullRequestText.tokenMalformed(source, i), null);
      }
    }
    this.value = trimmed;
    this.source = source;
  }

  /** Reads the token from the environment variable {@code variable}, for example GITHUB_TOKEN. */
  public static Token fromEnvironment(String variable) throws TokenUnavailableException {
    return fromEnvironment(variable, System::getenv);
  }

  static Token fromEnvironment(String variable, UnaryOperator<String> environment)
      throws TokenUnavailableException {
    if (variable == null || variable.isBlank()) {
      throw new IllegalArgumentException(
          "the token variable name is '" + variable + "': name the variable, e.g. GITHUB_TOKEN");
    }
    String source = "environment variable " + variable;
    String value = environment.apply(variable);
    if (value == null) {
      throw new TokenUnavailableException(
          source, PullRequestText.tokenVariableUnset(variable), null);
    }
    return new Token(value, source);
  }

  /** Reads the token from a UTF-8 text file, for example a mounted secret. */
  public static Token fromFile(Path file) throws TokenUnavailableException {
    String source = "file " + file;
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new TokenUnavailableException(source, PullRequestText.tokenFileMissing("" + file), e);
    } catch (IOException e) {
      throw new TokenUnavailableException(
          source, PullRequestText.tokenFileUnreadable("" + file, e), e);
    }
    return new Token(value, source);
  }

  /** Where the token came from: {@code environment variable NAME} or {@code file PATH}. */
  public String source() {
    return source;
  }

  String value() {
    return value;
  }

  /**
   * Masks the token in text from the host before it goes into a message. The hosts do not echo
   * tokens; this keeps that true if one ever did.
   */
  String redact(String text) {
    return text.replace(value, MASK);
  }

  @Override
  public String toString() {
    return "Token[" + source + ", " + MASK + "]";
  }
}

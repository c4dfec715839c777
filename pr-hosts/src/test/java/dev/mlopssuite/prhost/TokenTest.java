package dev.mlopssuite.prhost;

import static dev.mlopssuite.prhost.NoTokenLeaks.SECRET;
import static dev.mlopssuite.prhost.NoTokenLeaks.assertNoSecretIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TokenTest {
  @RegisterExtension final NoTokenLeaks noTokenLeaks = new NoTokenLeaks();

  @TempDir Path dir;

  @Test
  void readsAVariableAndTrimsTheNewline() throws Exception {
    Token token = Token.fromEnvironment("GITHUB_TOKEN", Map.of("GITHUB_TOKEN", SECRET + "\n")::get);
    assertEquals(SECRET, token.value());
    assertEquals("environment variable GITHUB_TOKEN", token.source());
  }

  @Test
  void anUnsetVariableIsNamed() {
    TokenUnavailableException e =
        assertThrows(
            TokenUnavailableException.class,
            () -> Token.fromEnvironment("GITLAB_TOKEN", name -> null));
    assertTrue(e.getMessage().contains("GITLAB_TOKEN is not set"), e.getMessage());
    assertEquals("environment variable GITLAB_TOKEN", e.source());
  }

  @Test
  void anEmptyVariableIsNamed() {
    TokenUnavailableException e =
        assertThrows(
            TokenUnavailableException.class,
            () -> Token.fromEnvironment("GITLAB_TOKEN", name -> "\n"));
    assertTrue(e.getMessage().contains("GITLAB_TOKEN is empty"), e.getMessage());
  }

  @Test
  void readsAFileAndTrimsTheNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), SECRET + "\r\n");
    Token token = Token.fromFile(file);
    assertEquals(SECRET, token.value());
    assertEquals("file " + file, token.source());
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("no-such-token");
    TokenUnavailableException e =
        assertThrows(TokenUnavailableException.class, () -> Token.fromFile(file));
    assertTrue(e.getMessage().contains("token file " + file + " does not exist"), e.getMessage());
  }

  @Test
  void aTokenWithAnInnerSpaceIsRefusedWithoutQuotingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), SECRET + " " + SECRET + "\n");
    TokenUnavailableException e =
        assertThrows(TokenUnavailableException.class, () -> Token.fromFile(file));
    assertTrue(e.getMessage().contains("position " + SECRET.length()), e.getMessage());
    assertNoSecretIn(e);
  }

  @Test
  void toStringMasksTheValue() throws Exception {
    String text = NoTokenLeaks.token().toString();
    assertFalse(text.contains(SECRET), text);
    assertEquals("Token[environment variable HOST_TOKEN, ****]", text);
  }

  @Test
  void redactMasksTheValueInHostText() throws Exception {
    assertEquals("echo ****!", NoTokenLeaks.token().redact("echo " + SECRET + "!"));
  }
}

package dev.mlopssuite.trust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every design document this module's code cites exists (the batch module's DocsCitationTest covers
 * runtime, batch and the plugin; Surefire runs this one with the module as working directory, so
 * the project is {@code ..}).
 */
class DocsCitedByTrustTest {
  @Test
  void everyCitedDocumentExists() throws IOException {
    Path project = Path.of("..").toAbsolutePath().normalize();
    Pattern citation = Pattern.compile("docs/([A-Za-z0-9_-]+\\.md)");
    Set<String> missing = new TreeSet<>();
    int cited = 0;
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = citation.matcher(Files.readString(file));
        while (m.find()) {
          cited++;
          if (!Files.isRegularFile(project.resolve("docs").resolve(m.group(1)))) {
            missing.add("docs/" + m.group(1) + " (cited in " + file + ")");
          }
        }
      }
    }
    assertTrue(cited > 3, "found only " + cited + " citations: is the module the working dir?");
    assertTrue(missing.isEmpty(), "cited documents that do not exist: " + missing);
  }
}

package dev.mlopssuite.batch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code cites the design documents by path; a cited document that does not exist is a citation that
 * rotted. This test reads every Java source of every module (Surefire runs it with the batch module
 * as working directory, so the project is {@code ..}) and fails naming each cited document that is
 * missing and where it is cited. It also keeps every document reachable from the docs index.
 */
class DocsCitationTest {
  private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOCS = PROJECT.resolve("docs");
  private static final List<String> MODULES =
      List.of(
          "runtime",
          "batch",
          "trust",
          "model-repository",
          "pr-hosts",
          "maven-plugin",
          "scorer-sidecar",
          "integration-tests");
  private static final Pattern CITATION = Pattern.compile("docs/([A-Za-z0-9_-]+\\.md)");

  @Test
  void everyDocumentCitedInTheCodeExists() throws IOException {
    TreeMap<String, List<String>> citedAt = new TreeMap<>();
    for (String module : MODULES) {
      Path sources = PROJECT.resolve(module).resolve("src");
      assertTrue(Files.isDirectory(sources), "no sources at " + sources);
      for (Path file : javaFiles(sources)) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = CITATION.matcher(lines.get(i));
          while (m.find()) {
            citedAt
                .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                .add(PROJECT.relativize(file) + ":" + (i + 1));
          }
        }
      }
    }
    assertTrue(
        citedAt.size() >= 5,
        "found only " + citedAt.keySet() + " cited: is the project root " + PROJECT + "?");
    StringBuilder missing = new StringBuilder();
    citedAt.forEach(
        (doc, places) -> {
          if (!Files.isRegularFile(DOCS.resolve(doc))) {
            missing
                .append("\n  docs/")
                .append(doc)
                .append(" (cited at ")
                .append(places)
                .append(")");
          }
        });
    assertTrue(
        missing.isEmpty(),
        "cited documents that do not exist; write them or fix the citation:" + missing);
  }

  @Test
  void everyDocumentIsLinkedFromTheIndex() throws IOException {
    String index = Files.readString(DOCS.resolve("README.md"));
    Set<String> unlinked = new TreeSet<>();
    try (Stream<Path> files = Files.list(DOCS)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".md") && !name.equals("README.md"))
          .filter(name -> !index.contains("](" + name + ")"))
          .forEach(unlinked::add);
    }
    assertTrue(unlinked.isEmpty(), "documents not linked from docs/README.md: " + unlinked);
  }

  private static List<Path> javaFiles(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

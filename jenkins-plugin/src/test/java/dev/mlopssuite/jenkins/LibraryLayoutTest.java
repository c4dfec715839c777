package dev.mlopssuite.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.GroovySystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library's shape as Jenkins loads it, on the Groovy Jenkins embeds. */
class LibraryLayoutTest {
  private final PipelineHarness harness = new PipelineHarness();

  @Test
  void runsOnTheGroovyJenkinsEmbeds() {
    // a newer Groovy accepts syntax (lambdas, !in, ?=) that Jenkins' 2.4 rejects at load time
    assertEquals("2.4.21", GroovySystem.getVersion());
  }

  @Test
  void everyStepHasHelpTextAndEveryHelpTextAStep() throws IOException {
    Path vars = harness.libraryRoot().resolve("vars");
    List<Path> steps = harness.librarySteps();
    assertEquals(
        List.of("mlopsApprove", "mlopsGate", "mlopsPromote", "mlopsRollback", "mlopsTrain"),
        steps.stream().map(p -> p.getFileName().toString().replace(".groovy", "")).toList());
    for (Path step : steps) {
      Path help = vars.resolve(step.getFileName().toString().replace(".groovy", ".txt"));
      assertTrue(Files.isRegularFile(help), "no help text " + help);
      assertFalse(Files.readString(help).isBlank(), "empty help text " + help);
    }
    try (Stream<Path> all = Files.list(vars)) {
      for (Path help : all.filter(p -> p.toString().endsWith(".txt")).toList()) {
        Path step = vars.resolve(help.getFileName().toString().replace(".txt", ".groovy"));
        assertTrue(Files.isRegularFile(step), "help text without a step: " + help);
      }
    }
  }

  @Test
  void everyClassUnderSrcCompiles() throws Exception {
    Path src = harness.libraryRoot().resolve("src");
    List<Path> classes;
    try (Stream<Path> all = Files.walk(src)) {
      classes = all.filter(p -> p.toString().endsWith(".groovy")).sorted().toList();
    }
    assertFalse(classes.isEmpty());
    for (Path file : classes) {
      String name = src.relativize(file).toString().replace(".groovy", "").replace('/', '.');
      assertEquals(name, harness.libraryClass(name).getName());
    }
  }

  @Test
  void everyJenkinsfileParses() throws IOException {
    Path pipelines = PipelineHarness.resourceDirectory("pipelines");
    try (Stream<Path> all = Files.list(pipelines)) {
      List<Path> files = all.filter(p -> p.toString().endsWith(".Jenkinsfile")).sorted().toList();
      assertEquals(2, files.size(), files.toString());
      for (Path file : files) {
        harness.parse(file);
      }
    }
  }
}

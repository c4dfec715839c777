package dev.mlopssuite.sidecar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sidecar carries runtime + trust + a model-repository reader only (docs/modules.md): no
 * DuckDB, Maven, batch or plugin code is on its class path at all, and no sidecar class names a
 * Tribuo trainer (Tribuo keeps model classes in the trainers' jars, so those jars are present).
 *
 * <p>The class path checked is this test's: the sidecar's compile and runtime dependencies plus its
 * test ones (JUnit, ArchUnit, the other modules' test fixtures), so what is absent here is absent
 * from the runnable jar's class path too.
 */
class SidecarClassPathTest {
  // Packages of the batch tools, by the directories their classes live in inside a jar.
  private static final List<String> FORBIDDEN_PACKAGES =
      List.of(
          "org/duckdb/", // DuckDB JDBC
          "org/apache/maven/", // Maven's API, model, plugin tools
          "org/codehaus/plexus/", // Maven's container
          "org/eclipse/aether/", // Maven's resolver
          "dev/mlopssuite/batch/", // backfill, snapshots, training, evaluation
          "dev/mlopssuite/maven/", // the Maven goals
          "dev/mlopssuite/prhost/"); // pull requests: promotion's, not serving's

  @Test
  void noClassPathEntryHoldsABatchToolsPackage() throws IOException {
    List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    assertTrue(entries.size() > 10, "the class path was read: " + entries);
    List<String> found = new ArrayList<>();
    for (String entry : entries) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        for (String pkg : FORBIDDEN_PACKAGES) {
          Path dir = path.resolve(pkg);
          if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
              files
                  .filter(Files::isRegularFile)
                  .findFirst()
                  .ifPresent(file -> found.add(entry + " holds " + path.relativize(file)));
            }
          }
        }
      } else if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
        try (JarFile jar = new JarFile(path.toFile())) {
          jar.stream()
              .map(JarEntry::getName)
              .filter(name -> FORBIDDEN_PACKAGES.stream().anyMatch(name::startsWith))
              .findFirst()
              .ifPresent(name -> found.add(entry + " holds " + name));
        }
      }
    }
    assertEquals(List.of(), found, "batch tools on the sidecar's class path");
  }

  @Test
  void noBatchToolIsOnTheClassPath() {
    for (String absent :
        new String[] {
          "org.duckdb.DuckDBDriver",
          "org.apache.maven.plugin.Mojo",
          "dev.mlopssuite.batch.training.Train",
          "dev.mlopssuite.maven.PromoteMojo"
        }) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent);
    }
  }

  @Test
  void noSidecarClassNamesATrainer() {
    JavaClasses sidecar =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mlopssuite.sidecar");
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(org.tribuo.Trainer.class)
        .because("the sidecar loads and scores; training belongs to the batch module")
        .check(sidecar);
  }
}

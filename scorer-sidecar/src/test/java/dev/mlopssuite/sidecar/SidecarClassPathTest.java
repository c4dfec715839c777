package dev.mlopssuite.sidecar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The sidecar carries runtime + trust + a model-repository reader only (docs/modules.md): no
 * DuckDB, Maven, batch or plugin code is on its class path at all, and no sidecar class names a
 * Tribuo trainer (Tribuo keeps model classes in the trainers' jars, so those jars are present).
 */
class SidecarClassPathTest {
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

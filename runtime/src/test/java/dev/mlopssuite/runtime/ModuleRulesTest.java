package dev.mlopssuite.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime module's rules (docs/modules.md): a scoring service loads it, so it reaches no
 * DuckDB, Maven, YAML or trainer code, nothing of the batch module, and its packages form no cycle.
 */
class ModuleRulesTest {
  private static final JavaClasses RUNTIME =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mlopssuite.runtime");

  @Test
  void runtimeReachesNoBatchToolOrTrainer() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.duckdb..",
            "org.apache.maven..",
            "com.fasterxml.jackson.dataformat.yaml..",
            "org.yaml..",
            "dev.mlopssuite.batch..",
            "dev.mlopssuite.maven..")
        .because("a scoring service carries the runtime module and nothing of the batch loop")
        .check(RUNTIME);
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(org.tribuo.Trainer.class)
        .because("training belongs to the batch module; the runtime loads and scores only")
        .check(RUNTIME);
  }

  @Test
  void runtimePackagesFormNoCycle() {
    slices().matching("dev.mlopssuite.runtime.(**)").should().beFreeOfCycles().check(RUNTIME);
  }

  @Test
  void theTrainerRuleCatchesAViolation() {
    // The rules above must be able to fail: a class that names a Tribuo trainer is caught.
    JavaClasses offender = new ClassFileImporter().importClasses(TrainerUser.class);
    org.junit.jupiter.api.Assertions.assertThrows(
        AssertionError.class,
        () ->
            noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(org.tribuo.Trainer.class)
                .check(offender));
  }

  /** A deliberate offender for {@link #theTrainerRuleCatchesAViolation()}. */
  static final class TrainerUser {
    Object trainer() {
      return new org.tribuo.classification.sgd.linear.LogisticRegressionTrainer();
    }
  }
}

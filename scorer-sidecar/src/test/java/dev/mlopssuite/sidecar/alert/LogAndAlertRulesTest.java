package dev.mlopssuite.sidecar.alert;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The prediction log and the alert sink are leaves of the sidecar (docs/scorer-sidecar.md,
 * "Prediction log and alerts"): the log knows only its record, the alerts only the record and the
 * metrics port, so neither can reach into serving, model loading or the HTTP layer.
 */
class LogAndAlertRulesTest {
  private static final JavaClasses LOG_AND_ALERTS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mlopssuite.sidecar.log", "dev.mlopssuite.sidecar.alert");

  @Test
  void theLogDependsOnNoOtherSidecarPackage() {
    classes()
        .that()
        .resideInAPackage("dev.mlopssuite.sidecar.log..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.mlopssuite.sidecar.log..",
            "dev.mlopssuite.runtime.lineage..",
            "java..",
            // ExtendedOpenOption.DIRECT, for the log's direct writes (module jdk.unsupported, in
            // the image's runtime)
            "com.sun.nio.file..",
            "com.fasterxml.jackson..",
            "")
        .check(LOG_AND_ALERTS);
  }

  @Test
  void alertsUseOnlyTheRecordAndTheMetricsPort() {
    noClasses()
        .that()
        .resideInAPackage("dev.mlopssuite.sidecar.alert..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.mlopssuite.sidecar.model..", "dev.mlopssuite.trust..")
        .check(LOG_AND_ALERTS);
  }
}

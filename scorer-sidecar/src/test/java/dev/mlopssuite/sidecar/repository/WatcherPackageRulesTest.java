package dev.mlopssuite.sidecar.repository;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rooms of watching and serving (docs/scorer-sidecar.md, "Watching, verifying, swapping"):
 * configuration, the served-model registry and the watcher reach none of the HTTP, feature,
 * prediction-log or alert code, and nothing here reaches batch, Maven, DuckDB or the Java
 * serialization of models. {@code model} is the contract request handlers read: it knows neither
 * the watcher nor the configuration.
 */
class WatcherPackageRulesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(
              "dev.mlopssuite.sidecar.config",
              "dev.mlopssuite.sidecar.model",
              "dev.mlopssuite.sidecar.repository");

  @Test
  void watchingReachesNoRequestSideCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.mlopssuite.sidecar.http..",
            "dev.mlopssuite.sidecar.features..",
            "dev.mlopssuite.sidecar.log..",
            "dev.mlopssuite.sidecar.alert..",
            "dev.mlopssuite.batch..",
            "dev.mlopssuite.maven..",
            "org.apache.maven..",
            "org.duckdb..")
        .check(CLASSES);
  }

  @Test
  void noJavaSerialization() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.ObjectInputStream")
        .check(CLASSES);
  }

  @Test
  void theServedModelContractKnowsNoWatcherOrConfiguration() {
    noClasses()
        .that()
        .resideInAPackage("dev.mlopssuite.sidecar.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.mlopssuite.sidecar.repository..",
            "dev.mlopssuite.sidecar.config..",
            "org.eclipse.jgit..")
        .check(CLASSES);
  }
}

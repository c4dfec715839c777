package dev.mlopssuite.modelrepo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The model repository module reaches no batch, Maven or YAML code (docs/modules.md). */
class ModelRepositoryModuleRulesTest {
  @Test
  void modelRepositoryReachesNoBatchOrTool() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mlopssuite.modelrepo");
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.maven..",
            "org.duckdb..",
            "com.fasterxml.jackson.dataformat.yaml..",
            "dev.mlopssuite.batch..",
            "dev.mlopssuite.maven..")
        .check(classes);
  }
}

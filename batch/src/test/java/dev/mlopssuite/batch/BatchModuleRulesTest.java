package dev.mlopssuite.batch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The batch module's rules (docs/modules.md): no package cycles, and no adapter types (Maven,
 * Jenkins, HTTP) in the domain.
 */
class BatchModuleRulesTest {
  private static final JavaClasses BATCH =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mlopssuite.batch");

  @Test
  void batchPackagesFormNoCycle() {
    slices().matching("dev.mlopssuite.batch.(**)").should().beFreeOfCycles().check(BATCH);
  }

  @Test
  void batchKnowsNoAdapter() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.maven..", "dev.mlopssuite.maven..", "hudson..", "jenkins..")
        .check(BATCH);
  }
}

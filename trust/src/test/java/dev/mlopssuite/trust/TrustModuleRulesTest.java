package dev.mlopssuite.trust;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The trust module's rules (docs/modules.md): a scoring service verifies what it serves with
 * runtime + trust alone, so trust reaches no Git, Maven, YAML or batch code.
 */
class TrustModuleRulesTest {
  private static final JavaClasses TRUST =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mlopssuite.trust");

  @Test
  void trustReachesNoGitMavenYamlOrBatch() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.eclipse.jgit..",
            "org.apache.maven..",
            "com.fasterxml.jackson.dataformat.yaml..",
            "org.yaml..",
            "org.duckdb..",
            "dev.mlopssuite.batch..",
            "dev.mlopssuite.modelrepo..",
            "dev.mlopssuite.maven..")
        .check(TRUST);
  }
}

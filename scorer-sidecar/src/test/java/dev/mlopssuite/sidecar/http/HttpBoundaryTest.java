package dev.mlopssuite.sidecar.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The HTTP adapter is thin and the only door to Jetty; Prometheus stays behind SidecarMetrics
 * (docs/scorer-sidecar.md, "Endpoints and metrics"; STYLE.md, habits 1 and 6).
 */
class HttpBoundaryTest {
  private static final JavaClasses SIDECAR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mlopssuite.sidecar");

  @Test
  void onlyTheHttpPackageUsesJetty() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.mlopssuite.sidecar.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jetty..")
        .check(SIDECAR);
  }

  @Test
  void onlyTheMetricsPackageUsesThePrometheusClient() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.mlopssuite.sidecar.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.prometheus..")
        .check(SIDECAR);
  }

  @Test
  void onlineFeaturesDoNotKnowAboutHttp() {
    noClasses()
        .that()
        .resideInAPackage("dev.mlopssuite.sidecar.features..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.mlopssuite.sidecar.http..")
        .check(SIDECAR);
  }
}

package dev.mlopssuite.sidecar.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard in deploy/ queries only series the sidecar really exports. */
class GrafanaDashboardTest {
  @Test
  void everyQueriedSeriesIsExported() throws Exception {
    Path dashboard = Path.of("deploy/grafana-dashboard.json");
    String json = Files.readString(dashboard);
    CanonicalJson.mapper().readTree(json); // valid JSON
    Set<String> queried = new TreeSet<>();
    Matcher m = Pattern.compile("mlops_sidecar_[a-z_]+").matcher(json);
    while (m.find()) {
      queried.add(m.group());
    }
    assertFalse(queried.isEmpty());

    PrometheusMetrics metrics = new PrometheusMetrics();
    metrics.request("/v2/models/{model}/infer", 200, Duration.ofMillis(3));
    metrics.modelServed("m", "v1", "c0ffee", "ab".repeat(32));
    metrics.reload("m", "success", Duration.ofMillis(40));
    metrics.predictionLogLag(0);
    metrics.predictionLogFailure();
    metrics.alertSent("sent");
    metrics.refused("/v1/score", "out_of_order");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.writeTo(out);
    String exported = out.toString(StandardCharsets.UTF_8);
    for (String series : queried) {
      assertTrue(
          exported.lines().anyMatch(line -> line.startsWith(series)),
          series + " is queried by the dashboard but not exported");
    }
  }
}

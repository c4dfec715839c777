package dev.mlopssuite.maven;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.backfill.BackfillResult;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.publish.GoalResults;
import dev.mlopssuite.runtime.MlopsException;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Backfills labels whose 7-day outcome windows have matured and publishes an immutable snapshot.
 * Set {@code -Dmlops.backfill.asOf=}, {@code -Dmlops.backfill.watermark=}; for a partial backfill
 * {@code -Dmlops.backfill.parent=latest} with {@code -Dmlops.backfill.cohort=a,b} and/or {@code
 * -Dmlops.backfill.from=} / {@code -Dmlops.backfill.to=}.
 */
@Mojo(name = "backfill", requiresProject = false, threadSafe = true)
public class BackfillMojo extends AbstractMlopsMojo {
  /**
   * Also write the labelled rows as CSV:
   * entity,ts,label,label_status,label_resolved_at,label_source.
   */
  @Parameter(property = "mlops.exportCsv")
  private File exportCsv;

  @Override
  protected void run(LoadedConfig config) throws MlopsException {
    Backfill backfill = new Backfill(config, progress());
    if (exportCsv != null) {
      backfill.exportCsv(exportCsv.toPath());
    }
    BackfillResult result = backfill.call();
    var counts = result.snapshot().rowCounts();
    getLog().info(result.telemetry().describe());
    getLog().info(result.outcomes().describe());
    getLog()
        .info(
            String.format(
                "labels as of %s (watermark %s): %,d rows, %,d resolved (%,d positive, %,d negative), %,d unresolved",
                result.snapshot().asOf(),
                result.snapshot().watermark(),
                counts.total(),
                counts.resolved(),
                counts.positive(),
                counts.negative(),
                counts.unresolved()));
    getLog()
        .info(
            (result.reused() ? "snapshot already existed, unchanged: " : "snapshot published: ")
                + result.directory());
    if (result.exportedCsv() != null) {
      getLog().info("labels exported to " + result.exportedCsv());
    }
    getLog()
        .info("result: " + GoalResults.write(config.workDirectory(), "backfill", result.summary()));
    result.stageMillis().forEach((stage, millis) -> getLog().debug(stage + ": " + millis + " ms"));
  }
}

package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.publish.GoalResults;
import dev.mlopssuite.batch.training.CodeCommit;
import dev.mlopssuite.batch.training.Reproduce;
import dev.mlopssuite.batch.training.ReproductionResult;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.MlopsException;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains a challenger on a snapshot's resolved rows (training.snapshot, default latest) and writes
 * the model, manifest.json, metrics.json, feature_importance.json and baseline_stats.json under
 * target/mlops/runs/&lt;version&gt;/. With -Dmlops.reproduce=.../manifest.json it retrains that run
 * instead and reports whether its outputs are identical.
 */
@Mojo(name = "train", requiresProject = false, threadSafe = true)
public class TrainMojo extends AbstractMlopsMojo {
  /** A manifest.json to reproduce instead of training from mlops.yaml. */
  @Parameter(property = "mlops.reproduce")
  private File reproduce;

  @Override
  protected void run(LoadedConfig config) throws MlopsException {
    if (reproduce != null) {
      ReproductionResult result = new Reproduce(config, reproduce.toPath(), progress()).call();
      getLog().info("golden examples identical: " + result.goldenExamplesIdentical());
      getLog().info("validation predictions identical: " + result.validationPredictionsIdentical());
      getLog().info("reproduction written to " + result.reproduction());
      result.requireIdentical();
      getLog().info("reproduced: identical outputs");
      return;
    }
    TrainResult result =
        new Train(config, progress())
            .codeCommit(
                CodeCommit.resolve(
                    Path.of(session.getExecutionRootDirectory()), System.getenv("GIT_COMMIT")))
            .call();
    var split = result.manifest().split();
    getLog()
        .info(
            String.format(
                "trained %s (%s) on %,d rows, validated on %,d rows from %s",
                result.manifest().version(),
                result.manifest().trainer(),
                split.trainingRows(),
                split.validationRows(),
                split.validationFrom()));
    if (result.validationMetrics() != null) {
      var m = result.validationMetrics();
      getLog()
          .info(
              String.format(
                  "validation: recall %.3f, precision %.3f, PR-AUC %.3f, ROC-AUC %.3f, ECE %.3f",
                  m.recall(), m.precision(), m.prAuc(), m.rocAuc(), m.ece()));
    }
    getLog().info("run directory: " + result.runDirectory());
    getLog()
        .info("result: " + GoalResults.write(config.workDirectory(), "train", result.summary()));
  }
}

package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.evaluation.Evaluate;
import dev.mlopssuite.batch.evaluation.EvaluationResult;
import dev.mlopssuite.batch.gate.GateResult;
import dev.mlopssuite.batch.publish.GoalResults;
import dev.mlopssuite.runtime.MlopsException;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Scores the challenger (the newest run, or -Dmlops.run=DIR) and the champion (training.champion)
 * on the same validation rows, applies the gate policy (training.policy) and writes
 * evaluation.json, evaluation.md, the ROC/PR/calibration SVGs and verdict.json into the run. Fails
 * the build on a failed gate when training.failOnGate is true (the default).
 */
@Mojo(name = "evaluate", requiresProject = false, threadSafe = true)
public class EvaluateMojo extends AbstractMlopsMojo {
  /** The challenger's run directory; default the newest under target/mlops/runs. */
  @Parameter(property = "mlops.run")
  private File runDirectory;

  @Override
  protected void run(LoadedConfig config) throws MlopsException {
    Evaluate evaluate = new Evaluate(config, progress());
    if (runDirectory != null) {
      evaluate.run(runDirectory.toPath());
    }
    EvaluationResult result = evaluate.call();
    for (GateResult gate : result.verdict().gates()) {
      getLog()
          .info(
              String.format(
                  "  %-4s %s: %s", gate.passed() ? "pass" : "FAIL", gate.name(), gate.message()));
    }
    getLog().info("report: " + result.report());
    getLog()
        .info(
            "verdict: "
                + (result.verdict().passed() ? "PASSED" : "FAILED")
                + " ("
                + result.verdictFile()
                + ")");
    getLog()
        .info("result: " + GoalResults.write(config.workDirectory(), "evaluate", result.summary()));
    result.enforce(config.config().training().failOnGate());
  }
}

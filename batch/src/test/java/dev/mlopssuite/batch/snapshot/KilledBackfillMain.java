package dev.mlopssuite.batch.snapshot;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a backfill that stops just before publishing, so that a test can kill it with SIGKILL there.
 */
public final class KilledBackfillMain {
  public static void main(String[] args) throws Exception {
    Path config = Path.of(args[0]);
    Path marker = Path.of(args[1]);
    new Backfill(
            MlopsConfigLoader.load(config, Map.of("mlops.backfill.asOf", args[2])), Progress.NONE)
        .beforePublish(
            staging -> {
              try {
                Files.writeString(marker, staging.toString());
                Thread.sleep(120_000);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .call();
  }
}

package dev.mlopssuite.batch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.EngineResources;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.memoryLimit, engine.threads and engine.spillDirectory: validated and applied. */
class EngineConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsAreHalfTheMemoryEveryCoreAndASpillDirectoryInTheWorkDirectory() {
    EngineResources resources = EngineConfig.defaults().resources(dir, dir.resolve("work"));
    assertEquals(Runtime.getRuntime().availableProcessors(), resources.threads());
    assertEquals(dir.resolve("work/.duckdb-spill"), resources.spillDirectory());
    assertTrue(resources.memoryLimitBytes() >= 64L << 20);
  }

  @Test
  void sizesAndSharesAreParsed() {
    assertEquals(
        4L << 30, new EngineConfig("4GiB", 2, "spill").resources(dir, dir).memoryLimitBytes());
    assertEquals(
        1_500_000_000L, new EngineConfig("1.5GB", 2, null).resources(dir, dir).memoryLimitBytes());
    assertEquals(
        dir.resolve("spill"),
        new EngineConfig("4GiB", 2, "spill").resources(dir, dir).spillDirectory());
  }

  @Test
  void impossibleValuesNameTheKeyTheValueAndTheFix() throws Exception {
    BackfillWorkspace workspace = new BackfillWorkspace(dir).row("E1", "2026-01-01T00:00:00Z");
    for (var bad :
        Map.of(
                "mlops.engine.memoryLimit", "lots",
                "mlops.engine.threads", "0")
            .entrySet()) {
      InvalidConfigException e =
          assertThrows(
              InvalidConfigException.class,
              () -> workspace.config(Map.of(bad.getKey(), bad.getValue())));
      String key = bad.getKey().substring("mlops.".length());
      assertTrue(e.getMessage().contains(key), e.getMessage());
      assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage());
    }
    InvalidConfigException share =
        assertThrows(
            InvalidConfigException.class,
            () -> workspace.config(Map.of("mlops.engine.memoryLimit", "150%")));
    assertTrue(share.getMessage().contains("between 1% and 100%"), share.getMessage());
    InvalidConfigException tiny =
        assertThrows(
            InvalidConfigException.class,
            () -> workspace.config(Map.of("mlops.engine.memoryLimit", "1MB")));
    assertTrue(tiny.getMessage().contains("64MiB"), tiny.getMessage());
  }

  @Test
  void theSessionRunsWithTheConfiguredLimits() throws Exception {
    Path spill = dir.resolve("my-spill");
    try (DuckDbSession db = DuckDbSession.open(new EngineResources(256L << 20, 1, spill))) {
      assertEquals("1", db.setting("threads"));
      assertTrue(db.setting("memory_limit").startsWith("256"), db.setting("memory_limit"));
      assertEquals(spill.toAbsolutePath().toString(), db.setting("temp_directory"));
    }
    assertTrue(Files.isDirectory(spill));
  }

  @Test
  void theBackfillUsesTheEngineSection() throws Exception {
    new BackfillWorkspace(dir)
        .row("E1", "2026-01-01T00:00:00Z")
        .backfill(
            Map.of(
                "mlops.engine.spillDirectory", "elsewhere/spill",
                "mlops.engine.threads", "1",
                "mlops.engine.memoryLimit", "512MiB"));
    assertTrue(Files.isDirectory(dir.resolve("elsewhere/spill")));
  }
}

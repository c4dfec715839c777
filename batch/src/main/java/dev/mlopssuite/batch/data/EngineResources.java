package dev.mlopssuite.batch.data;

import java.nio.file.Path;

/**
 * What one DuckDB session may use.
 *
 * @param memoryLimitBytes DuckDB's memory_limit; beyond it, work spills to {@code spillDirectory}
 * @param threads DuckDB's worker threads
 * @param spillDirectory DuckDB's temp_directory
 */
public record EngineResources(long memoryLimitBytes, int threads, Path spillDirectory) {}

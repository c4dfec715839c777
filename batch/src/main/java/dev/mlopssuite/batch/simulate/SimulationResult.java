package dev.mlopssuite.batch.simulate;

import java.nio.file.Path;

/** What a simulation wrote: files, their sha256, and counts. */
public record SimulationResult(
    Path telemetry,
    String telemetrySha256,
    Path outcomes,
    String outcomesSha256,
    long rows,
    int devices,
    int failures,
    long precursorRows) {}

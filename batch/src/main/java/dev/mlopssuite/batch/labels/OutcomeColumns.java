package dev.mlopssuite.batch.labels;

/**
 * Columns of the outcome-event file.
 *
 * @param entityColumn entity key, same name as in the telemetry
 * @param failureTimeColumn failure time f
 * @param confirmedAtColumn when f became known; when the file has no such column, f itself
 * @param sourceColumn observed_outcome | simulator_outcome; when absent, observed_outcome
 */
public record OutcomeColumns(
    String entityColumn, String failureTimeColumn, String confirmedAtColumn, String sourceColumn) {}

package dev.mlopssuite.batch.labels;

/**
 * Columns of the outcome-event file.
 *
 * @param entityColumn entity key, same name as in the telemetry
 * @param failureTimeColumn failure time f
 * @param confirmedAtColumn when f became known; required unless {@code confirmationIsFailureTime}
 * @param sourceColumn observed_outcome | simulator_outcome; when absent, observed_outcome
 * @param confirmationIsFailureTime f is known the moment it happens: no confirmation column is read
 *     (data.confirmationIsFailureTime)
 */
public record OutcomeColumns(
    String entityColumn,
    String failureTimeColumn,
    String confirmedAtColumn,
    String sourceColumn,
    boolean confirmationIsFailureTime) {}

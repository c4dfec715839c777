package dev.mlopssuite.runtime.features;

/**
 * One snapshot row with its point-in-time features and its label columns.
 *
 * @param label 1, 0, or null when unresolved
 * @param resolvedAtMillis when the label became known, or null when unresolved
 */
public record FeatureRow(
    String entity, long millis, double[] features, Integer label, Long resolvedAtMillis) {}

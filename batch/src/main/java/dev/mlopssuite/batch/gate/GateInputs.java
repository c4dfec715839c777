package dev.mlopssuite.batch.gate;

import java.util.List;
import java.util.Map;

/**
 * What the gates judge.
 *
 * @param challenger challenger metrics by key (recall, precision, f1, ece, ...); a key may be
 *     missing or NaN, which fails the gate that needs it
 * @param champion champion metrics on the same rows, or null when there is no champion
 * @param resolvedRows resolved rows used (training + validation)
 * @param trainingPositives positives in the training set
 * @param validationPositives positives in the validation set
 * @param integrityProblems integrity failures found (tampered file, NaN output, golden mismatch);
 *     empty when intact
 * @param missingLineage manifest fields that are absent or empty
 */
public record GateInputs(
    Map<String, Double> challenger,
    Map<String, Double> champion,
    ChampionRef championRef,
    boolean bootstrap,
    long resolvedRows,
    long trainingPositives,
    long validationPositives,
    List<String> integrityProblems,
    List<String> missingLineage) {}

package dev.mlopssuite.batch.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateJudgeTest {
  static final GatePolicy POLICY =
      new GatePolicy(
          0.6,
          0.3,
          0.05,
          0.05,
          2.0,
          "absolute",
          0.1,
          100L,
          10L,
          null,
          null,
          null,
          null,
          null,
          null);
  static final ChampionRef CHAMPION = new ChampionRef("v1", "ab".repeat(32));

  static Map<String, Double> metrics(
      double recall, double precision, double f1, double ece, double fp) {
    Map<String, Double> m = new HashMap<>();
    m.put("recall", recall);
    m.put("precision", precision);
    m.put("f1", f1);
    m.put("ece", ece);
    m.put(BinaryMetrics.FALSE_ALARM_DAYS, fp);
    return m;
  }

  static GateInputs inputs(
      Map<String, Double> challenger, Map<String, Double> champion, boolean bootstrap) {
    return new GateInputs(
        challenger,
        champion,
        champion == null ? null : CHAMPION,
        bootstrap,
        1000,
        50,
        20,
        List.of(),
        List.of());
  }

  static GateResult gate(Verdict verdict, String name) {
    return verdict.gates().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aGoodChallengerPassesEveryGateAndNamesItsChampion() {
    Verdict v =
        new GateJudge(POLICY)
            .judge(
                inputs(metrics(0.8, 0.5, 0.6, 0.02, 3), metrics(0.75, 0.5, 0.58, 0.03, 3), false),
                "v2",
                "cd");
    assertTrue(v.passed(), v.failures().toString());
    assertEquals(CHAMPION, v.champion());
    assertEquals(11, v.gates().size());
  }

  @Test
  void valuesExactlyOnTheirThresholdsPass() {
    // recall = 0.6 floor, f1 = 0.3 floor, ece = 0.1 ceiling, recall drop = 0.05, fp increase = 2.0
    // (exact in binary)
    Verdict v =
        new GateJudge(POLICY)
            .judge(
                inputs(metrics(0.6, 0.5, 0.3, 0.1, 4.0), metrics(0.65, 0.5, 0.4, 0.05, 2.0), false),
                "v2",
                "cd");
    for (String name :
        List.of(
            "absolute.min_recall",
            "absolute.min_f1",
            "absolute.max_ece",
            "relative.max_recall_drop",
            "relative.max_false_alarm_days_increase")) {
      assertTrue(gate(v, name).passed(), name + ": " + gate(v, name).message());
    }
    GatePolicy counts =
        new GatePolicy(
            0.0,
            0.0,
            1.0,
            1.0,
            100.0,
            "absolute",
            1.0,
            1000L,
            50L,
            null,
            null,
            null,
            null,
            null,
            null);
    Verdict onFloor =
        new GateJudge(counts)
            .judge(inputs(metrics(0.6, 0.5, 0.3, 0.1, 4.0), null, true), "v2", "cd");
    assertTrue(gate(onFloor, "data.min_resolved_rows").passed());
    assertTrue(gate(onFloor, "data.min_training_positives").passed());
  }

  @Test
  void worseRecallThanTheChampionFailsTheRelativeGate() {
    Verdict v =
        new GateJudge(POLICY)
            .judge(
                inputs(metrics(0.7, 0.5, 0.6, 0.02, 3), metrics(0.8, 0.5, 0.6, 0.02, 3), false),
                "v2",
                "cd");
    assertFalse(v.passed());
    GateResult recall = gate(v, "relative.max_recall_drop");
    assertFalse(recall.passed());
    assertEquals(0.1, recall.value(), 1e-12);
    assertTrue(recall.message().contains("challenger 0.7000 vs champion 0.8000"), recall.message());
  }

  @Test
  void aMissingMetricFailsClosedNamingTheGate() {
    Map<String, Double> challenger = metrics(0.8, 0.5, 0.6, 0.02, 3);
    challenger.remove("ece");
    Verdict v =
        new GateJudge(POLICY)
            .judge(inputs(challenger, metrics(0.8, 0.5, 0.6, 0.02, 3), false), "v2", "cd");
    GateResult ece = gate(v, "absolute.max_ece");
    assertFalse(ece.passed());
    assertNull(ece.value());
    assertTrue(ece.message().contains("ece is missing"), ece.message());
    assertEquals(List.of("absolute.max_ece"), v.failures().stream().map(GateResult::name).toList());
  }

  @Test
  void aNanMetricFailsClosed() {
    Verdict v =
        new GateJudge(POLICY)
            .judge(
                inputs(
                    metrics(0.8, Double.NaN, 0.6, 0.02, 3), metrics(0.8, 0.5, 0.6, 0.02, 3), false),
                "v2",
                "cd");
    GateResult precision = gate(v, "relative.max_precision_drop");
    assertFalse(precision.passed());
    assertTrue(
        precision.message().contains("precision of the challenger is missing or not a number"),
        precision.message());
  }

  @Test
  void noChampionFailsRelativeGatesUnlessBootstrap() {
    Verdict first =
        new GateJudge(POLICY)
            .judge(inputs(metrics(0.8, 0.5, 0.6, 0.02, 3), null, false), "v1", "cd");
    assertFalse(first.passed());
    assertTrue(gate(first, "relative.max_recall_drop").message().contains("bootstrap"));
    assertNull(first.champion());

    Verdict bootstrap =
        new GateJudge(POLICY)
            .judge(inputs(metrics(0.8, 0.5, 0.6, 0.02, 3), null, true), "v1", "cd");
    assertTrue(bootstrap.passed(), bootstrap.failures().toString());
    assertTrue(bootstrap.bootstrap());
  }

  @Test
  void allNegativeValidationFailsTheDataFloorWithAClearMessage() {
    GateInputs in =
        new GateInputs(
            metrics(Double.NaN, Double.NaN, Double.NaN, 0.01, 0),
            null,
            null,
            true,
            1000,
            50,
            0,
            List.of(),
            List.of());
    Verdict v = new GateJudge(POLICY).judge(in, "v1", "cd");
    GateResult floor = gate(v, "data.min_validation_positives");
    assertFalse(floor.passed());
    assertTrue(
        floor.message().contains("0 positives in the validation set (floor 10)"), floor.message());
  }

  @Test
  void relativeModeDividesByTheChampion() {
    GatePolicy relative =
        new GatePolicy(
            0.0, 0.0, 0.1, 0.1, 0.5, "relative", 1.0, 0L, 0L, null, null, null, null, null, null);
    Verdict v =
        new GateJudge(relative)
            .judge(
                inputs(metrics(0.5, 0.5, 0.5, 0.1, 6), metrics(0.5, 0.5, 0.5, 0.1, 4), false),
                "v2",
                "cd");
    assertEquals(0.5, gate(v, "relative.max_false_alarm_days_increase").value(), 1e-12);
    assertTrue(gate(v, "relative.max_false_alarm_days_increase").passed());
  }

  @Test
  void moreFalseAlarmDaysThanTheLimitFailNamingTheMetric() {
    // champion 40, challenger 43 false-alarm days per 1,000 entity-days: +3 > limit 2
    Verdict v =
        new GateJudge(POLICY)
            .judge(
                inputs(metrics(0.8, 0.5, 0.6, 0.02, 43), metrics(0.8, 0.5, 0.6, 0.02, 40), false),
                "v2",
                "cd");
    GateResult gate = gate(v, "relative.max_false_alarm_days_increase");
    assertFalse(gate.passed());
    assertEquals(3.0, gate.value(), 1e-12);
    assertTrue(gate.message().contains("false_alarm_days_per_1000_entity_days"), gate.message());
  }
}

package dev.mlopssuite.batch.simulate;

import dev.mlopssuite.batch.config.SimulatorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One device's whole simulated life: its failures (each with a precursor that ramps up over 2–9
 * days, or none), transient healthy look-alike excursions, and the readings at any time. After a
 * failure the device is replaced: readings restart from a fresh healthy baseline.
 */
final class DeviceLife {
  private static final double SECONDS_PER_YEAR = 365.25 * 86_400;

  record Failure(
      long atSecond,
      FailureMode mode,
      long precursorSeconds,
      double strength,
      long confirmationDelaySeconds) {}

  record Excursion(long startSecond, long seconds, FailureMode lookalike, double strength) {}

  private final SplittableRandom random;
  private final List<Failure> failures = new ArrayList<>();
  private final List<Excursion> excursions = new ArrayList<>();
  private final List<double[]> baselines = new ArrayList<>();

  DeviceLife(SimulatorSettings settings, int deviceIndex, long periodSeconds) {
    // One stream per device, derived from (seed, device): the output does not depend on threads.
    this.random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + deviceIndex);
    baselines.add(baseline());
    double failureRate = settings.failureRatePerDeviceYear() / SECONDS_PER_YEAR;
    for (long t = exponential(failureRate); t < periodSeconds; t += exponential(failureRate)) {
      FailureMode mode = FailureMode.values()[random.nextInt(FailureMode.values().length)];
      boolean warned = random.nextDouble() < settings.precursorShare();
      long precursor = (long) ((2 + random.nextDouble() * 7) * 86_400);
      double strength = warned ? 0.4 + random.nextDouble() * 0.8 : 0.0;
      failures.add(
          new Failure(
              t, mode, precursor, strength, (long) ((2 + random.nextDouble() * 46) * 3600)));
      baselines.add(baseline());
      t += 86_400; // a replacement takes at least a day to fail again
    }
    double lookAlikeRate = settings.lookAlikeRatePerDeviceYear() / SECONDS_PER_YEAR;
    for (long t = exponential(lookAlikeRate); t < periodSeconds; t += exponential(lookAlikeRate)) {
      FailureMode mode = FailureMode.values()[random.nextInt(FailureMode.values().length)];
      excursions.add(
          new Excursion(
              t,
              (long) ((0.5 + random.nextDouble() * 2.5) * 86_400),
              mode,
              0.3 + random.nextDouble() * 0.5));
    }
  }

  List<Failure> failures() {
    return failures;
  }

  /**
   * battery V, impedance Ω, threshold V, amplitude mV, heart rate bpm, temperature °C, daily
   * decline V
   */
  private double[] baseline() {
    return new double[] {
      2.75 + random.nextDouble() * 0.10,
      400 + random.nextDouble() * 300,
      0.5 + random.nextDouble() * 0.7,
      5 + random.nextDouble() * 7,
      60 + random.nextDouble() * 20,
      36.5 + random.nextDouble() * 1.0,
      0.0002 + random.nextDouble() * 0.0006
    };
  }

  private long exponential(double ratePerSecond) {
    if (ratePerSecond <= 0) {
      return Long.MAX_VALUE / 2;
    }
    return (long) Math.ceil(-Math.log(1 - random.nextDouble()) / ratePerSecond);
  }

  /**
   * Readings at {@code second} (from the simulation start), in the telemetry column order. Draws
   * its noise from the device's stream, so calls must come in time order.
   */
  void readings(long second, double[] out) {
    int life = 0;
    long lifeStart = 0;
    while (life < failures.size() && failures.get(life).atSecond() <= second) {
      lifeStart = failures.get(life).atSecond();
      life++;
    }
    double[] base = baselines.get(life);
    double ageDays = (second - lifeStart) / 86_400.0;
    double battery = base[0] - base[6] * ageDays;
    double impedance = base[1];
    double threshold = base[2];
    double amplitude = base[3];
    double erratic = 0;
    if (life < failures.size()) {
      Failure next = failures.get(life);
      long warningStart = next.atSecond() - next.precursorSeconds();
      if (next.strength() > 0 && second >= warningStart) {
        double progress = (double) (second - warningStart) / next.precursorSeconds();
        double push = next.strength() * progress * progress;
        switch (next.mode()) {
          case BATTERY_DEPLETION -> battery -= 0.35 * push;
          case LEAD_FRACTURE -> {
            impedance += 700 * push;
            threshold += 1.0 * push;
            erratic = 150 * push;
          }
          case SENSING_LOSS -> amplitude -= 4.5 * push;
        }
      }
    }
    for (Excursion excursion : excursions) {
      if (second >= excursion.startSecond()
          && second < excursion.startSecond() + excursion.seconds()) {
        double bump =
            excursion.strength()
                * Math.sin(Math.PI * (second - excursion.startSecond()) / excursion.seconds());
        switch (excursion.lookalike()) {
          case BATTERY_DEPLETION -> battery -= 0.2 * bump;
          case LEAD_FRACTURE -> impedance += 400 * bump;
          case SENSING_LOSS -> amplitude -= 3 * bump;
        }
      }
    }
    double hourOfDay = (second % 86_400) / 3600.0;
    out[0] = battery + random.nextGaussian() * 0.012;
    out[1] = impedance + random.nextGaussian() * (20 + erratic);
    out[2] = threshold + random.nextGaussian() * 0.06;
    out[3] = Math.max(0.1, amplitude + random.nextGaussian() * 0.5);
    out[4] = base[4] + 8 * Math.sin(2 * Math.PI * (hourOfDay - 8) / 24) + random.nextGaussian() * 3;
    out[5] = base[5] + random.nextGaussian() * 0.12;
  }

  /** True when {@code second} falls in a precursor ramp (for the result's statistics). */
  boolean inPrecursor(long second) {
    for (Failure failure : failures) {
      if (failure.strength() > 0
          && second >= failure.atSecond() - failure.precursorSeconds()
          && second < failure.atSecond()) {
        return true;
      }
    }
    return false;
  }
}

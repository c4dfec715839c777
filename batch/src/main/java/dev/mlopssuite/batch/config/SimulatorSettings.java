package dev.mlopssuite.batch.config;

import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code simulator:} section of mlops.yaml. Defaults make a one-minute demo (200 devices × 60
 * days, hourly: 288,000 rows); {@code -Dmlops.simulator.devices=10000 -Dmlops.simulator.days=42}
 * makes 10,080,000 rows.
 *
 * @param failureRatePerDeviceYear mean failures per device-year. The default, 1.8, is far above a
 *     real pacemaker's rate: it is sized so that about 3–4% of rows are positive for a 7-day
 *     horizon, enough for a demo to learn from in minutes.
 * @param precursorShare share of failures preceded by a degradation pattern; the rest strike
 *     without warning, so no model can be perfect
 * @param lookAlikeRatePerDeviceYear transient excursions on healthy devices that resemble a
 *     precursor but end without failure (false-alarm material)
 */
public record SimulatorSettings(
    Integer devices,
    Integer days,
    Duration cadence,
    Long seed,
    Instant start,
    Double failureRatePerDeviceYear,
    Double precursorShare,
    Double lookAlikeRatePerDeviceYear) {

  public SimulatorSettings {
    devices = devices == null ? 200 : devices;
    if (devices < 1 || devices > 99_999) {
      throw new ConfigValueException("devices", devices, "use between 1 and 99999 devices");
    }
    days = days == null ? 60 : days;
    if (days < 1 || days > 3650) {
      throw new ConfigValueException("days", days, "use between 1 and 3650 days");
    }
    cadence = cadence == null ? Duration.ofHours(1) : cadence;
    if (cadence.isNegative()
        || cadence.isZero()
        || cadence.compareTo(Duration.ofDays(1)) > 0
        || cadence.toNanos() % 1_000_000_000L != 0) {
      throw new ConfigValueException(
          "cadence", cadence, "use whole seconds between PT1S and P1D, e.g. PT1H");
    }
    seed = seed == null ? 42L : seed;
    start = start == null ? Instant.parse("2026-01-01T00:00:00Z") : start;
    failureRatePerDeviceYear = failureRatePerDeviceYear == null ? 1.8 : failureRatePerDeviceYear;
    if (!(failureRatePerDeviceYear >= 0 && failureRatePerDeviceYear <= 100)) {
      throw new ConfigValueException(
          "failureRatePerDeviceYear", failureRatePerDeviceYear, "use a rate between 0 and 100");
    }
    precursorShare = precursorShare == null ? 0.8 : precursorShare;
    if (!(precursorShare >= 0 && precursorShare <= 1)) {
      throw new ConfigValueException(
          "precursorShare", precursorShare, "use a fraction between 0 and 1");
    }
    lookAlikeRatePerDeviceYear =
        lookAlikeRatePerDeviceYear == null ? 2.0 : lookAlikeRatePerDeviceYear;
    if (!(lookAlikeRatePerDeviceYear >= 0 && lookAlikeRatePerDeviceYear <= 100)) {
      throw new ConfigValueException(
          "lookAlikeRatePerDeviceYear", lookAlikeRatePerDeviceYear, "use a rate between 0 and 100");
    }
  }

  public static SimulatorSettings defaults() {
    return new SimulatorSettings(null, null, null, null, null, null, null, null);
  }

  public long stepsPerDevice() {
    return Duration.ofDays(days).toSeconds() / cadence.toSeconds();
  }

  public long rows() {
    return stepsPerDevice() * devices;
  }
}

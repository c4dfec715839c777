package dev.mlopssuite.batch.simulate;

import java.util.Locale;

/** How a simulated pacemaker fails, and which readings drift before it does. */
enum FailureMode {
  /** Battery voltage sags. */
  BATTERY_DEPLETION,
  /** Lead impedance climbs and turns erratic; the pacing threshold rises. */
  LEAD_FRACTURE,
  /** The sensed signal amplitude fades. */
  SENSING_LOSS;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.mlopssuite.runtime.features;

import dev.mlopssuite.runtime.MlopsException;
import java.time.Instant;

/**
 * A row arrived at or before the previous row of the same entity. Point-in-time features need each
 * entity's rows in strictly increasing time ((entity, time) is a unique key upstream).
 */
public final class OutOfOrderRowException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public OutOfOrderRowException(long previousMillis, long rowMillis) {
    super(
        "row at "
            + Instant.ofEpochMilli(rowMillis)
            + " arrived after a row at "
            + Instant.ofEpochMilli(previousMillis)
            + ": send each entity's rows in increasing time order");
  }
}

package dev.mlopssuite.prhost;

import java.time.Duration;

/**
 * How long to wait for the host: {@code connect} to open the connection, {@code request} for the
 * whole answer. Both are bounded (at most {@link #MAX}) so a hung host cannot hold a build.
 */
public record HostTimeouts(Duration connect, Duration request) {
  /** Longest accepted timeout: beyond this a person opens the pull request faster by hand. */
  public static final Duration MAX = Duration.ofMinutes(5);

  /**
   * 10 s to connect and 30 s for the answer: opening a pull request takes GitHub and GitLab about a
   * second; the margin covers a slow network without stalling a pipeline for long.
   */
  public static final HostTimeouts DEFAULT =
      new HostTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));

  public HostTimeouts {
    check("connect", connect);
    check("request", request);
  }

  private static void check(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "the "
              + name
              + " timeout is "
              + value
              + ": give a positive duration of at most "
              + MAX
              + " (the default is "
              + (name.equals("connect") ? "PT10S" : "PT30S")
              + ")");
    }
  }
}

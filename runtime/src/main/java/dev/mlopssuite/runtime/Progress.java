package dev.mlopssuite.runtime;

/**
 * Progress of long work (simulation, ingest, backfill), reported so that a 10-million-row run is
 * not silent. Adapters print it (a mojo through its Log); tests usually pass {@link #NONE}.
 */
@FunctionalInterface
public interface Progress {
  Progress NONE = (stage, done, total) -> {};

  /**
   * @param stage short name of the step, e.g. "simulate"
   * @param done units finished so far
   * @param total units expected, or -1 when unknown
   */
  void report(String stage, long done, long total);
}

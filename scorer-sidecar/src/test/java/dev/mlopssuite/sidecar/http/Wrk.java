package dev.mlopssuite.sidecar.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, the HTTP load generator (Debian package {@code wrk}; .ci/run installs it), on loopback: a C
 * client light enough that on two cores the server, not the client, is what gets measured.
 */
final class Wrk {
  private Wrk() {}

  /** What one run printed, and the figures read from it. */
  record Result(String output) {
    double requestsPerSecond() {
      Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
      return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A latency percentile in milliseconds ({@code --latency} output), e.g. 99 for p99. */
    double percentileMillis(int percent) {
      Matcher m = Pattern.compile("\\s" + percent + "%\\s+([0-9.]+)(us|ms|s|m)\\b").matcher(output);
      if (!m.find()) {
        return Double.NaN;
      }
      double value = Double.parseDouble(m.group(1));
      return switch (m.group(2)) {
        case "us" -> value / 1000;
        case "ms" -> value;
        case "s" -> value * 1000;
        default -> value * 60_000;
      };
    }

    /** No non-2xx answer and no socket error, and the run did send requests. */
    boolean allSucceeded() {
      return output.contains("requests in")
          && !output.contains("Non-2xx")
          && !output.contains("Socket errors");
    }
  }

  static boolean installed() throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() == 0;
  }

  /** A wrk script that POSTs {@code jsonBody} as application/json. */
  static Path postScript(Path file, String jsonBody) throws IOException {
    String quoted = jsonBody.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    Files.writeString(
        file,
        "wrk.method = \"POST\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.body = \""
            + quoted
            + "\"\n");
    return file;
  }

  /**
   * Starts a run of {@code seconds} with {@code connections} connections (one wrk thread each, up
   * to {@code threads}); {@code script} may be null for a GET.
   */
  static Process start(URI url, int threads, int connections, int seconds, Path script)
      throws IOException {
    ProcessBuilder wrk =
        new ProcessBuilder(
            "wrk",
            "-t" + Math.min(threads, connections),
            "-c" + connections,
            "-d" + seconds + "s",
            "--latency");
    if (script != null) {
      wrk.command().add("-s");
      wrk.command().add(script.toString());
    }
    wrk.command().add(url.toString());
    return wrk.redirectErrorStream(true).start();
  }

  /** Waits for a run (at most a minute past its duration) and returns what it printed. */
  static Result finish(Process wrk) throws IOException, InterruptedException {
    String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(60, TimeUnit.SECONDS)) {
      wrk.destroyForcibly();
      throw new IllegalStateException("wrk did not stop:\n" + out);
    }
    if (wrk.exitValue() != 0) {
      throw new IllegalStateException("wrk failed (" + wrk.exitValue() + "):\n" + out);
    }
    return new Result(out);
  }

  static Result run(URI url, int threads, int connections, int seconds, Path script)
      throws IOException, InterruptedException {
    return finish(start(url, threads, connections, seconds, script));
  }
}

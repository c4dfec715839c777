package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Checks Prometheus text with {@code promtool check metrics} (Debian package prometheus; .ci/run
 * installs it). Without promtool the check fails, naming the package.
 */
final class PromtoolCheck {
  private PromtoolCheck() {}

  static void assertValid(String text) throws Exception {
    String promtool = onPath("promtool");
    // Required, not replaced by a weaker check: the acceptance is Prometheus' own tool passing.
    assertTrue(
        promtool != null,
        "promtool is not on PATH: apt-get install prometheus (.ci/run does; see the README)");
    Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
    System.out.println("promtool check metrics: ok " + out);
  }

  private static String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}

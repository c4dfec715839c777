package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Checks Prometheus text: with {@code promtool check metrics} when promtool is on PATH (CI installs
 * it), else line by line against the text format's grammar (HELP, TYPE, samples).
 */
final class PromtoolCheck {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\",?)*\\})?"
              + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
  private static final Pattern META =
      Pattern.compile(
          "# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* "
              + "(counter|gauge|histogram|summary|untyped))");

  private PromtoolCheck() {}

  static void assertValid(String text) throws Exception {
    String promtool = onPath("promtool");
    if (promtool != null) {
      Process p =
          new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
      System.out.println("promtool check metrics: ok " + out);
      return;
    }
    System.out.println("promtool is not on PATH: checked the text format line by line instead");
    int samples = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        assertTrue(META.matcher(line).matches(), "bad metadata line: " + line);
      } else if (!line.isEmpty()) {
        assertTrue(SAMPLE.matcher(line).matches(), "bad sample line: " + line);
        assertTrue(line.startsWith("mlops_sidecar_"), "unprefixed metric: " + line);
        samples++;
      }
    }
    assertTrue(samples > 0, "no samples");
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

package dev.mlopssuite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** mlops:config-help runs without any mlops.yaml and filters by key prefix. */
class ConfigHelpMojoTest {
  private final List<String> lines = new ArrayList<>();

  private ConfigHelpMojo mojo(String key) {
    ConfigHelpMojo mojo = new ConfigHelpMojo();
    mojo.key = key;
    mojo.setLog(
        new SystemStreamLog() {
          @Override
          public void info(CharSequence content) {
            lines.add(content.toString());
          }
        });
    return mojo;
  }

  @Test
  void printsEveryKeyWithoutAConfigFile() throws Exception {
    mojo(null).execute();
    assertTrue(lines.get(0).startsWith("key"), lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("horizon ") && l.contains("P7D")));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("features.definitions[].window ")));
  }

  @Test
  void keyPrintsOneSection() throws Exception {
    mojo("training").execute();
    assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("training")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("training.validationFraction ")));
  }

  @Test
  void unknownKeyNamesTheKnownOnes() {
    MojoFailureException e =
        assertThrows(MojoFailureException.class, () -> mojo("trainig").execute());
    assertTrue(e.getMessage().contains("trainig"), e.getMessage());
    assertTrue(e.getMessage().contains("training"), e.getMessage());
    assertEquals(0, lines.size());
  }
}

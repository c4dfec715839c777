package dev.mlopssuite.trust;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.util.List;

/**
 * What promotion needs from the {@code verdict.json} that {@code mlops:evaluate} writes
 * (docs/formats.md, "verdict.json"). Read as JSON rather than through the batch module's class, so
 * that trust and the model repository do not depend on the batch loop; the gate details are kept in
 * the file (its sha256 is signed) and not interpreted here.
 *
 * @param champion the champion the challenger was measured against, or null for none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateVerdict(
    String challengerVersion,
    String challengerManifestSha256,
    Champion champion,
    boolean bootstrap,
    boolean passed,
    List<Gate> gates) {

  public static final String FILE_NAME = "verdict.json";

  /** The champion's version and manifest sha256, as the verdict recorded them. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Champion(String version, String manifestSha256) {}

  public GateVerdict {
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  /** One gate's name and outcome; its figures stay in the file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Gate(String name, boolean passed) {}

  /** Names of the gates that failed. */
  public List<String> failedGates() {
    return gates.stream().filter(g -> !g.passed()).map(Gate::name).toList();
  }

  public static GateVerdict parse(byte[] json) throws IOException {
    return CanonicalJson.mapper().readValue(json, GateVerdict.class);
  }

  /** The version it was evaluated against: what CHAMPION must still say when it lands. */
  public String championVersion() {
    return champion == null ? null : champion.version();
  }
}

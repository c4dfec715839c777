package dev.mlopssuite.trust;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code models/<model>/rollbacks/<timestamp>.json}: why the champion was pointed back at an
 * earlier version, and who agreed (docs/trust-chain.md, "Rollback records"). Signed like a
 * promotion record.
 *
 * @param approval one approval in the ml-owner role, bound to the manifest of {@code toVersion}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RollbackRecord(
    String model,
    String fromVersion,
    String toVersion,
    String reason,
    Approval approval,
    String rolledBackBy,
    Instant at,
    String keyId,
    String signature) {

  public RollbackRecord withSignature(String keyId, String signature) {
    return new RollbackRecord(
        model, fromVersion, toVersion, reason, approval, rolledBackBy, at, keyId, signature);
  }

  public static RollbackRecord read(Path file) throws IOException {
    return CanonicalJson.mapper().readValue(Files.readAllBytes(file), RollbackRecord.class);
  }

  public static RollbackRecord parse(byte[] json) throws IOException {
    return CanonicalJson.mapper().readValue(json, RollbackRecord.class);
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, CanonicalJson.pretty(this));
  }
}

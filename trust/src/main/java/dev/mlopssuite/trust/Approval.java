package dev.mlopssuite.trust;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Instant;

/**
 * One person's approval of one manifest, in one role (docs/trust-chain.md, "Approvals"). Bound to
 * the manifest's sha256 so that it cannot be replayed for another run.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Approval(String role, String user, Instant approvedAt, String manifestSha256) {
  public Approval {
    require("role", role);
    require("user", user);
    require("manifest_sha256", manifestSha256);
    if (approvedAt == null) {
      throw new ConfigValueException("approved_at", null, "record when the approval was given");
    }
  }

  private static void require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigValueException(field, value, "an approval must name it");
    }
  }
}

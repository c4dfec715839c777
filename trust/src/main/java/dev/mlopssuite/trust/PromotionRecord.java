package dev.mlopssuite.trust;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code promotion.json}: who promoted which run over which champion, with whose approval, signed
 * (docs/trust-chain.md, "promotion.json"). The signature is Ed25519 over the RFC 8785 form of every
 * other field ({@link RecordSignatures}).
 *
 * @param championBefore the champion the challenger was evaluated against (null for a first model)
 * @param signature base64 Ed25519 signature; null in an unsigned record
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PromotionRecord(
    int formatVersion,
    String model,
    String version,
    String manifestSha256,
    String verdictSha256,
    String championBefore,
    List<Approval> approvals,
    String promotedBy,
    String startedBy,
    Instant promotedAt,
    String keyId,
    String signature) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "promotion.json";

  public PromotionRecord {
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }

  public PromotionRecord withSignature(String keyId, String signature) {
    return new PromotionRecord(
        formatVersion,
        model,
        version,
        manifestSha256,
        verdictSha256,
        championBefore,
        approvals,
        promotedBy,
        startedBy,
        promotedAt,
        keyId,
        signature);
  }

  public static PromotionRecord read(Path file) throws IOException {
    return CanonicalJson.mapper().readValue(Files.readAllBytes(file), PromotionRecord.class);
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, CanonicalJson.pretty(this));
  }
}

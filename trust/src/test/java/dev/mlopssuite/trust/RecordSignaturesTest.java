package dev.mlopssuite.trust;

import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.approvals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordSignaturesTest {
  private static final String SHA = "a".repeat(64);
  @TempDir Path dir;
  private final SigningKey key = SigningKey.generate();
  private final TrustedKeys trusted = TrustedKeys.of(key.pair().getPublic());

  private PromotionRecord signed() throws TrustException {
    PromotionRecord unsigned =
        new PromotionRecord(
            1, "m", "v1", SHA, "b".repeat(64), null, approvals(SHA), "pat", "sam", NOW, null, null);
    return RecordSignatures.sign(unsigned, key.pair().getPrivate(), key.id());
  }

  @Test
  void aSignedRecordVerifiesAfterAWriteAndRead() throws Exception {
    PromotionRecord record = signed();
    assertEquals(key.id().value(), record.keyId());
    Path file = dir.resolve("promotion.json");
    record.write(file);
    assertEquals(record, PromotionRecord.read(file));
    assertDoesNotThrow(() -> RecordSignatures.verify(PromotionRecord.read(file), trusted));
  }

  @Test
  void anUntrustedKeyIsRefused() throws Exception {
    TrustedKeys other = TrustedKeys.of(SigningKey.generate().pair().getPublic());
    TrustException e =
        assertThrows(TrustException.class, () -> RecordSignatures.verify(signed(), other));
    assertTrue(e.getMessage().contains("untrusted key"), e.getMessage());
    assertEquals(key.id().value(), e.value());
  }

  @Test
  void anUnsignedRecordIsRefusedAsUnsignedNotAsTampered() throws Exception {
    PromotionRecord signed = signed();
    PromotionRecord[] unsigned = {
      signed.withSignature(null, null), signed.withSignature(signed.keyId(), null)
    };
    for (PromotionRecord record : unsigned) {
      TrustException e =
          assertThrows(TrustException.class, () -> RecordSignatures.verify(record, trusted));
      assertTrue(e.getMessage().contains("is not signed"), e.getMessage());
      assertTrue(e.getMessage().contains("promote again with mlops:promote"), e.getMessage());
    }
    TrustException noKey =
        assertThrows(
            TrustException.class,
            () -> RecordSignatures.verify(signed.withSignature(null, signed.signature()), trusted));
    assertTrue(noKey.getMessage().contains("has no key_id"), noKey.getMessage());
  }

  @Test
  void everyFieldEditedAfterSigningBreaksTheSignature() throws Exception {
    Path file = dir.resolve("promotion.json");
    signed().write(file);
    String[][] edits = {
      {"version", "v2"},
      {"manifest_sha256", "c".repeat(64)},
      {"verdict_sha256", "c".repeat(64)},
      {"champion_before", "v0"},
      {"promoted_by", "mallory"},
      {"started_by", "olivia"},
      {"promoted_at", "2027-01-01T00:00:00Z"},
    };
    for (String[] edit : edits) {
      ObjectNode tree = (ObjectNode) CanonicalJson.mapper().readTree(file.toFile());
      tree.put(edit[0], edit[1]);
      PromotionRecord edited = CanonicalJson.mapper().treeToValue(tree, PromotionRecord.class);
      TrustException e =
          assertThrows(
              TrustException.class, () -> RecordSignatures.verify(edited, trusted), edit[0]);
      assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }
    ObjectNode tree = (ObjectNode) CanonicalJson.mapper().readTree(file.toFile());
    ((ObjectNode) tree.withArray("approvals").get(0)).put("user", "mallory");
    Files.writeString(file, CanonicalJson.pretty(tree));
    assertThrows(
        TrustException.class, () -> RecordSignatures.verify(PromotionRecord.read(file), trusted));
  }

  @Test
  void aRollbackRecordIsSignedTheSameWay() throws Exception {
    RollbackRecord unsigned =
        new RollbackRecord(
            "m",
            "v2",
            "v1",
            "v2 alerts on every device",
            new Approval("ml-owner", "omar", NOW, SHA),
            "pat",
            Instant.parse("2026-11-26T13:00:00Z"),
            null,
            null);
    RollbackRecord record = RecordSignatures.sign(unsigned, key.pair().getPrivate(), key.id());
    assertDoesNotThrow(() -> RecordSignatures.verify(record, trusted));
    RollbackRecord edited =
        new RollbackRecord(
            "m",
            "v2",
            "v1",
            "because",
            record.approval(),
            "pat",
            record.at(),
            record.keyId(),
            record.signature());
    assertThrows(TrustException.class, () -> RecordSignatures.verify(edited, trusted));
    TrustException notSigned =
        assertThrows(TrustException.class, () -> RecordSignatures.verify(unsigned, trusted));
    assertTrue(notSigned.getMessage().contains("is not signed"), notSigned.getMessage());
    assertTrue(
        notSigned.getMessage().contains("roll back again with mlops:rollback"),
        notSigned.getMessage());
  }
}

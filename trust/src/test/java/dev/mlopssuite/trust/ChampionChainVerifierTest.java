package dev.mlopssuite.trust;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.trust.testing.TrustFixtures;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain verifier on a promoted work tree, and on copies broken one way each. */
class ChampionChainVerifierTest {
  @TempDir Path tree;
  private final SigningKey key = SigningKey.generate();
  private final ChampionChainVerifier verifier =
      new ChampionChainVerifier(TrustedKeys.of(key.pair().getPublic()), policy());
  private Path version;

  @BeforeEach
  void promote() throws Exception {
    version = TrustFixtures.promotedWorkTree(tree, key);
  }

  private ChainVerification verify() {
    return verifier.verifyChampion(tree, MODEL);
  }

  private static void assertProblem(ChainVerification result, String fragment) {
    assertFalse(result.valid(), "expected a problem mentioning '" + fragment + "'");
    assertTrue(
        result.problems().stream().anyMatch(p -> p.contains(fragment)),
        "no problem mentions '" + fragment + "': " + result.problems());
  }

  /** Rewrites promotion.json with other content and signs it again with the trusted key. */
  private void resign(UnaryOperator<PromotionRecord> change) throws Exception {
    Path file = version.resolve(PromotionRecord.FILE_NAME);
    PromotionRecord changed = change.apply(PromotionRecord.read(file));
    RecordSignatures.sign(changed, key.pair().getPrivate(), key.id()).write(file);
  }

  private static PromotionRecord withApprovals(PromotionRecord r, List<Approval> approvals) {
    return new PromotionRecord(
        r.formatVersion(),
        r.model(),
        r.version(),
        r.manifestSha256(),
        r.verdictSha256(),
        r.championBefore(),
        approvals,
        r.promotedBy(),
        r.startedBy(),
        r.promotedAt(),
        null,
        null);
  }

  @Test
  void aPromotedChampionVerifies() throws Exception {
    ChainVerification result = verify();
    assertTrue(result.valid(), result.problems().toString());
    assertEquals(TrustFixtures.sampleVersion(), result.version());
    result.requireValid();
  }

  @Test
  void anUntrustedKeyIsRefused() {
    ChainVerifier other = new ChainVerifier();
    assertProblem(other.verifier.verifyChampion(tree, MODEL), "untrusted key");
  }

  private static final class ChainVerifier {
    final ChampionChainVerifier verifier =
        new ChampionChainVerifier(
            TrustedKeys.of(SigningKey.generate().pair().getPublic()), policy());
  }

  @Test
  void aFileTamperedAfterSigningIsFound() throws Exception {
    Files.writeString(version.resolve("metrics.json"), "{}");
    assertProblem(verify(), "metrics.json does not match its sha256");
  }

  @Test
  void aManifestReplacedAfterSigningIsFound() throws Exception {
    Path manifest = version.resolve("manifest.json");
    ObjectNode m = (ObjectNode) CanonicalJson.mapper().readTree(manifest.toFile());
    m.put("seed", 987654321L);
    Files.writeString(manifest, CanonicalJson.pretty(m));
    assertProblem(verify(), "the manifest was changed after it was recorded");
  }

  @Test
  void aPromotionRecordEditedAfterSigningIsFound() throws Exception {
    Path file = version.resolve(PromotionRecord.FILE_NAME);
    ObjectNode record = (ObjectNode) CanonicalJson.mapper().readTree(file.toFile());
    record.put("promoted_by", "mallory");
    Files.writeString(file, CanonicalJson.pretty(record));
    assertProblem(verify(), "signature that does not verify");
  }

  @Test
  void aVerdictEditedAfterSigningIsFound() throws Exception {
    Path file = version.resolve(GateVerdict.FILE_NAME);
    Files.writeString(file, Files.readString(file).replace("\"calibrated\"", "\"raw\""));
    assertProblem(verify(), "the verdict was changed after promotion");
  }

  @Test
  void aMissingPromotionRecordIsFound() throws Exception {
    Files.delete(version.resolve(PromotionRecord.FILE_NAME));
    assertProblem(verify(), "holds no promotion.json");
    ChainVerificationException e =
        assertThrows(ChainVerificationException.class, () -> verify().requireValid());
    assertTrue(e.getMessage().contains("holds no promotion.json"), e.getMessage());
  }

  @Test
  void aChampionNamingAMissingVersionIsFound() throws Exception {
    Files.writeString(tree.resolve(RepositoryLayout.championPath(MODEL)), "v-missing\n");
    assertProblem(verify(), "does not exist");
  }

  @Test
  void aChampionNamingAPathOutsideIsRefused() throws Exception {
    Files.writeString(tree.resolve(RepositoryLayout.championPath(MODEL)), "../../..\n");
    assertProblem(verify(), "not a safe model / version name");
  }

  @Test
  void aSymbolicLinkInTheVersionFolderIsRefused() throws Exception {
    Path outside = Files.writeString(tree.resolveSibling(tree.getFileName() + "-x"), "x");
    try {
      Files.createSymbolicLink(version.resolve("extra.json"), outside);
      assertProblem(verify(), "is a symbolic link");
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void aPromotionCopiedIntoAnotherFolderIsFound() throws Exception {
    resign(
        r ->
            new PromotionRecord(
                r.formatVersion(),
                r.model(),
                "other",
                r.manifestSha256(),
                r.verdictSha256(),
                r.championBefore(),
                r.approvals(),
                r.promotedBy(),
                r.startedBy(),
                r.promotedAt(),
                null,
                null));
    assertProblem(verify(), "a record was copied into another folder");
  }

  @Test
  void signedApprovalsThatBreakThePolicyAreFound() throws Exception {
    String sha = TrustFixtures.manifestSha(version);
    resign(
        r ->
            withApprovals(
                r,
                List.of(
                    new Approval("ml-owner", "sam", NOW.minusSeconds(60), sha),
                    new Approval(
                        "business-stakeholder", "bea", NOW.minusSeconds(60), "f".repeat(64)))));
    ChainVerification result = verify();
    assertProblem(result, "started this run");
    assertProblem(result, "not for " + sha);
  }

  @Test
  void approvalAgeIsJudgedAtPromotionTimeNotNow() throws Exception {
    // the record was made at NOW with approvals an hour old: valid, however long ago NOW is
    assertTrue(verify().valid());
    String sha = TrustFixtures.manifestSha(version);
    resign(
        r ->
            withApprovals(
                r,
                List.of(
                    new Approval("ml-owner", "olivia", NOW.minus(Duration.ofDays(30)), sha),
                    new Approval("business-stakeholder", "bea", NOW, sha))));
    assertProblem(verify(), "is older than PT168H");
  }
}

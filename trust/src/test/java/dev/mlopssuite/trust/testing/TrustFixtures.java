package dev.mlopssuite.trust.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.run.RunFormat;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.GateVerdict;
import dev.mlopssuite.trust.KeyFiles;
import dev.mlopssuite.trust.KeyId;
import dev.mlopssuite.trust.PromotionRecord;
import dev.mlopssuite.trust.RecordSignatures;
import dev.mlopssuite.trust.RepositoryLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared fixtures for the trust chain and the model repository (STYLE.md habit 13): the committed
 * format-2 sample run, a policy with its members, approvals, a verdict, a promoted version folder.
 */
public final class TrustFixtures {
  public static final String MODEL = "pacemaker-failure-7d";
  public static final String STARTER = "sam";
  public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final String SAMPLE = "/formats/v2/run/";

  private TrustFixtures() {}

  /** ml-owner: olivia, omar; business-stakeholder: bea, ben; risk-officer (bootstrap): rita. */
  public static ApprovalPolicy policy() {
    Map<String, List<String>> members = new LinkedHashMap<>();
    members.put("ml-owner", List.of("olivia", "omar"));
    members.put("business-stakeholder", List.of("bea", "ben"));
    members.put("risk-officer", List.of("rita"));
    return new ApprovalPolicy(
        List.of("ml-owner", "business-stakeholder"), members, Duration.ofDays(7), "risk-officer");
  }

  /** A valid approval set for a non-bootstrap run, given an hour before {@link #NOW}. */
  public static List<Approval> approvals(String manifestSha256) {
    Instant at = NOW.minus(Duration.ofHours(1));
    return List.of(
        new Approval("ml-owner", "olivia", at, manifestSha256),
        new Approval("business-stakeholder", "bea", at, manifestSha256));
  }

  /**
   * Copies the committed sample run (read through the class path, so it works from the runtime
   * test-jar too) into {@code target}.
   */
  public static Path copySampleRun(Path target) {
    try {
      Files.createDirectories(target);
      List<String> names = new ArrayList<>(RunFormat.requiredFiles(RunFormat.CURRENT));
      names.add(RunFormat.MANIFEST);
      for (String name : names) {
        try (InputStream in = TrustFixtures.class.getResourceAsStream(SAMPLE + name)) {
          if (in == null) {
            throw new IllegalStateException(
                "the sample run file " + SAMPLE + name + " is not on the class path");
          }
          Files.copy(in, target.resolve(name));
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of the sample run renamed to another version: only manifest.json changes (its version
   * field), so every artifact hash and golden example still holds.
   */
  public static Path sampleRunAs(Path target, String version) {
    copySampleRun(target);
    try {
      Path manifest = target.resolve(RunFormat.MANIFEST);
      ObjectNode tree = (ObjectNode) CanonicalJson.mapper().readTree(manifest.toFile());
      tree.put("version", version);
      Files.writeString(manifest, CanonicalJson.pretty(tree));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The version recorded in the sample run's manifest. */
  public static String sampleVersion() {
    try (InputStream in = TrustFixtures.class.getResourceAsStream(SAMPLE + RunFormat.MANIFEST)) {
      return CanonicalJson.mapper().readTree(in).get("version").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String manifestSha(Path run) {
    return Sha256.ofFileUnchecked(run.resolve(RunFormat.MANIFEST));
  }

  public static String versionOf(Path run) {
    try {
      return CanonicalJson.mapper()
          .readTree(run.resolve(RunFormat.MANIFEST).toFile())
          .get("version")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a verdict.json shaped like the batch module's (docs/formats.md, "verdict.json"). */
  public static Path writeVerdict(Path file, Path run, String championVersion, boolean passed) {
    return writeVerdict(file, run, championVersion, "0".repeat(64), passed);
  }

  /** As above, naming the champion's manifest sha256 as the verdict measured it. */
  public static Path writeVerdict(
      Path file, Path run, String championVersion, String championSha, boolean passed) {
    Map<String, Object> verdict = new LinkedHashMap<>();
    verdict.put("challenger_version", versionOf(run));
    verdict.put("challenger_manifest_sha256", manifestSha(run));
    verdict.put(
        "champion",
        championVersion == null
            ? null
            : Map.of("version", championVersion, "manifest_sha256", championSha));
    verdict.put("bootstrap", false);
    verdict.put("passed", passed);
    verdict.put(
        "gates",
        List.of(
            Map.of(
                "name",
                "absolute.recall",
                "category",
                "absolute",
                "value",
                0.5,
                "threshold",
                0.4,
                "comparison",
                ">=",
                "passed",
                passed,
                "message",
                "recall")));
    verdict.put("probability", "calibrated");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, CanonicalJson.pretty(verdict));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A signing key pair with its id. */
  public record SigningKey(KeyPair pair, KeyId id) {
    public static SigningKey generate() {
      KeyPair pair = KeyFiles.generate();
      return new SigningKey(pair, KeyId.of(pair.getPublic()));
    }
  }

  /**
   * Builds a work tree in which {@code version} of {@link #MODEL} is promoted and is the champion:
   * the sample run, its verdict and a signed promotion record. Returns the version folder.
   */
  public static Path promotedWorkTree(Path workTree, SigningKey key) throws Exception {
    String version = sampleVersion();
    Path dir = workTree.resolve(RepositoryLayout.versionPath(MODEL, version));
    copySampleRun(dir);
    return promote(workTree, dir, version, key);
  }

  /**
   * Promotes the run already in version folder {@code dir}: writes its passing verdict and a
   * promotion record signed with {@code key}, and makes {@code version} the champion. Returns the
   * version folder.
   */
  public static Path promote(Path workTree, Path dir, String version, SigningKey key)
      throws Exception {
    Path verdict = writeVerdict(dir.resolve(GateVerdict.FILE_NAME), dir, null, true);
    String sha = manifestSha(dir);
    PromotionRecord unsigned =
        new PromotionRecord(
            PromotionRecord.FORMAT_VERSION,
            MODEL,
            version,
            sha,
            Sha256.ofFile(verdict),
            null,
            approvals(sha),
            "pat",
            STARTER,
            NOW,
            null,
            null);
    RecordSignatures.sign(unsigned, key.pair().getPrivate(), key.id())
        .write(dir.resolve(PromotionRecord.FILE_NAME));
    Files.writeString(workTree.resolve(RepositoryLayout.championPath(MODEL)), version + "\n");
    return dir;
  }
}

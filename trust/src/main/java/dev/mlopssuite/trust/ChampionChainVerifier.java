package dev.mlopssuite.trust;

import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.run.RunFormatException;
import dev.mlopssuite.runtime.run.RunVerification;
import dev.mlopssuite.runtime.run.RunVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Verifies what a model repository's work tree serves (docs/trust-chain.md, "What is checked
 * where"): CHAMPION names an existing version folder; its {@code promotion.json} is signed by a
 * trusted key and names that model and version; the run in the folder verifies against the record's
 * manifest sha256 (every file hash, golden examples) with complete lineage; {@code verdict.json} is
 * the one the record signed and passed; the approvals satisfy the policy; no path leaves the
 * folder.
 *
 * <p>Approval age is judged at {@code promoted_at}, the moment of promotion, not now: an approval
 * that was fresh when the model was promoted does not expire while the model is served.
 */
public final class ChampionChainVerifier {
  private final TrustedKeys keys;
  private final ApprovalPolicy policy;
  private final RunVerifier runVerifier = new RunVerifier();

  public ChampionChainVerifier(TrustedKeys keys, ApprovalPolicy policy) {
    this.keys = keys;
    this.policy = policy;
  }

  /** Verifies the version CHAMPION names. */
  public ChainVerification verifyChampion(Path workTree, String model) {
    List<String> problems = new ArrayList<>();
    if (!RepositoryLayout.isSafeName(model)) {
      problems.add("the model name '" + model + "' is not one safe path segment");
      return new ChainVerification(model, null, null, problems);
    }
    Path champion = workTree.resolve(RepositoryLayout.championPath(model));
    if (!Files.isRegularFile(champion, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(
          RepositoryLayout.championPath(model)
              + " does not exist: the model has no champion; promote one first");
      return new ChainVerification(model, null, null, problems);
    }
    String version;
    try {
      version = Files.readString(champion).strip();
    } catch (IOException e) {
      problems.add("cannot read " + RepositoryLayout.championPath(model) + ": " + e.getMessage());
      return new ChainVerification(model, null, null, problems);
    }
    return verifyVersion(workTree, model, version);
  }

  /** Verifies one version folder as if it were the champion (what a rollback needs). */
  public ChainVerification verifyVersion(Path workTree, String model, String version) {
    List<String> problems = new ArrayList<>();
    if (!RepositoryLayout.isSafeName(model) || !RepositoryLayout.isSafeName(version)) {
      problems.add(
          "'"
              + model
              + "' / '"
              + version
              + "' is not a safe model / version name: a path could leave the repository; fix"
              + " CHAMPION");
      return new ChainVerification(model, version, null, problems);
    }
    String relative = RepositoryLayout.versionPath(model, version);
    Path dir = workTree.resolve(relative);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(
          "CHAMPION names version "
              + version
              + ", but "
              + relative
              + " does not exist: point CHAMPION at a promoted version (see the history)");
      return new ChainVerification(model, version, null, problems);
    }
    if (!staysInside(workTree, dir, problems)) {
      return new ChainVerification(model, version, null, problems);
    }
    Path file = dir.resolve(PromotionRecord.FILE_NAME);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(
          relative
              + " holds no "
              + PromotionRecord.FILE_NAME
              + ": it was never promoted; serve only promoted versions");
      return new ChainVerification(model, version, null, problems);
    }
    PromotionRecord record;
    try {
      record = PromotionRecord.read(file);
    } catch (IOException e) {
      problems.add(
          relative
              + "/promotion.json is not a promotion record ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): restore it");
      return new ChainVerification(model, version, null, problems);
    }
    try {
      RecordSignatures.verify(record, keys);
    } catch (TrustException e) {
      // Nothing a record without a trusted signature points at is deserialized, not even to list
      // more problems: the model file may be anyone's.
      problems.add(e.getMessage());
      return new ChainVerification(model, version, record, problems);
    }
    if (!model.equals(record.model()) || !version.equals(record.version())) {
      problems.add(
          relative
              + "/promotion.json promotes "
              + record.model()
              + " "
              + record.version()
              + ", not the folder's "
              + model
              + " "
              + version
              + ": a record was copied into another folder");
    }
    RunVerification run = checkRun(dir, record, problems);
    boolean bootstrap = checkVerdict(dir, record, problems);
    try {
      // Age judged at promotion time: see the class comment.
      ApprovalRules.check(
          record.approvals(),
          policy,
          record.manifestSha256(),
          record.startedBy(),
          record.promotedAt(),
          bootstrap);
    } catch (ApprovalRejectedException e) {
      e.violations().forEach(v -> problems.add("approval: " + v.message()));
    }
    return new ChainVerification(model, version, record, problems, run);
  }

  private RunVerification checkRun(Path dir, PromotionRecord record, List<String> problems) {
    try {
      RunVerification run = runVerifier.verify(dir, record.manifestSha256());
      problems.addAll(run.integrityProblems());
      if (run.integrityProblems().isEmpty() && run.model() == null) {
        problems.add("the model in " + dir + " does not load");
      }
      if (!run.missingLineage().isEmpty()) {
        problems.add(
            "lineage incomplete: manifest.json lacks "
                + run.missingLineage()
                + ": a run without its lineage is not servable; retrain");
      }
      if (run.manifest() != null
          && (!record.model().equals(run.manifest().model())
              || !record.version().equals(run.manifest().version()))) {
        problems.add(
            "manifest.json describes "
                + run.manifest().model()
                + " "
                + run.manifest().version()
                + ", not the promoted "
                + record.model()
                + " "
                + record.version());
      }
      return run;
    } catch (RunFormatException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  /** Checks the verdict the record signed; returns whether it was a bootstrap. */
  private static boolean checkVerdict(Path dir, PromotionRecord record, List<String> problems) {
    Path file = dir.resolve(GateVerdict.FILE_NAME);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(
          "the version folder holds no verdict.json, whose sha256 the promotion record signed:"
              + " restore it");
      return false;
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (!Sha256.of(bytes).equals(record.verdictSha256())) {
        problems.add(
            "verdict.json has sha256 "
                + Sha256.of(bytes)
                + ", not the signed "
                + record.verdictSha256()
                + ": the verdict was changed after promotion; restore it");
        return false;
      }
      GateVerdict verdict = GateVerdict.parse(bytes);
      if (!verdict.passed()) {
        problems.add("verdict.json says the gates failed: a failed challenger is never served");
      }
      if (!record.manifestSha256().equals(verdict.challengerManifestSha256())) {
        problems.add(
            "verdict.json judged manifest "
                + verdict.challengerManifestSha256()
                + ", not the promoted "
                + record.manifestSha256());
      }
      return verdict.bootstrap();
    } catch (IOException e) {
      problems.add("cannot read verdict.json: " + e.getMessage());
      return false;
    }
  }

  /** No symbolic link inside the folder, and the folder itself resolves inside the work tree. */
  private static boolean staysInside(Path workTree, Path dir, List<String> problems) {
    try {
      Path root = workTree.toRealPath();
      if (!dir.toRealPath().startsWith(root)) {
        problems.add(dir + " resolves outside the repository work tree " + root);
        return false;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        List<Path> links = walk.filter(Files::isSymbolicLink).toList();
        for (Path link : links) {
          problems.add(
              dir.relativize(link)
                  + " is a symbolic link: a version folder holds plain files only");
        }
        return links.isEmpty();
      }
    } catch (IOException e) {
      problems.add("cannot read " + dir + ": " + e.getMessage());
      return false;
    }
  }
}

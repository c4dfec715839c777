package dev.mlopssuite.modelrepo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.run.RunFormat;
import dev.mlopssuite.runtime.run.RunVerification;
import dev.mlopssuite.runtime.run.RunVerifier;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.ApprovalRules;
import dev.mlopssuite.trust.GateVerdict;
import dev.mlopssuite.trust.KeyId;
import dev.mlopssuite.trust.PromotionRecord;
import dev.mlopssuite.trust.RecordSignatures;
import dev.mlopssuite.trust.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Promotes a verified, approved challenger (docs/model-repository.md, "Promotion"): one commit that
 * adds {@code models/<model>/versions/<version>/} (the run files, {@code verdict.json} and the
 * signed {@code promotion.json}) and rewrites {@code models/<model>/CHAMPION}, pushed to {@code
 * promote/<model>/<version>} and, on the embedded default, to the served branch as a
 * compare-and-swap against the champion the challenger was evaluated against. A challenger whose
 * gates failed goes to {@code candidates/<model>/<version>} only. Single use, like a JGit command.
 */
public final class Promote {
  /** Attempts when the served branch moved for another model (not this one's CHAMPION). */
  private static final int MAX_ATTEMPTS = 8;

  private String repositoryUrl;
  private RepositoryLogin login = RepositoryLogin.none();
  private String model;
  private Path runDirectory;
  private Path verdictFile;
  private List<Approval> approvals = List.of();
  private ApprovalPolicy policy;
  private PrivateKey signingKey;
  private KeyId keyId;
  private String promotedBy;
  private String startedBy;
  private Clock clock = Clock.systemUTC();
  private boolean fastForwardServedBranch = true;
  private String servedBranch = "main";
  private boolean called;
  private Runnable beforeServedPush;

  public Promote setRepositoryUrl(String url) {
    this.repositoryUrl = url;
    return this;
  }

  /** How to log in to the repository's remote (default: no login of its own; SSH uses ~/.ssh). */
  public Promote setLogin(RepositoryLogin login) {
    this.login = Objects.requireNonNull(login, "login");
    return this;
  }

  public Promote setModel(String model) {
    this.model = model;
    return this;
  }

  public Promote setRunDirectory(Path dir) {
    this.runDirectory = dir;
    return this;
  }

  public Promote setVerdict(Path verdictJson) {
    this.verdictFile = verdictJson;
    return this;
  }

  public Promote setApprovals(List<Approval> approvals) {
    this.approvals = List.copyOf(approvals);
    return this;
  }

  public Promote setPolicy(ApprovalPolicy policy) {
    this.policy = policy;
    return this;
  }

  public Promote setSigningKey(PrivateKey key, KeyId keyId) {
    this.signingKey = key;
    this.keyId = keyId;
    return this;
  }

  public Promote setPromotedBy(String user) {
    this.promotedBy = user;
    return this;
  }

  public Promote setStartedBy(String user) {
    this.startedBy = user;
    return this;
  }

  public Promote setClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * True (the embedded default): fast-forward the served branch after pushing the promote branch.
   * False: push {@code promote/<model>/<version>} only, for a pull request to carry.
   */
  public Promote setFastForwardServedBranch(boolean fastForward) {
    this.fastForwardServedBranch = fastForward;
    return this;
  }

  /** Tests only: runs once between the promote-branch push and the served-branch push. */
  Promote setBeforeServedPush(Runnable hook) {
    this.beforeServedPush = hook;
    return this;
  }

  public Promote setServedBranch(String branch) {
    this.servedBranch = branch;
    return this;
  }

  /**
   * @throws GateFailedException the verdict failed; the candidate was pushed for audit
   * @throws ChampionChangedException CHAMPION on the served branch is not the verdict's champion
   * @throws dev.mlopssuite.trust.ApprovalRejectedException the approvals break the policy
   * @throws MlopsException any other refusal, each naming its value and fix
   */
  public PromotionResult call() throws MlopsException {
    if (called) {
      throw new IllegalStateException("a Promote command runs once; create another");
    }
    called = true;
    requireInputs();
    List<String> notes = new ArrayList<>();
    byte[] verdictBytes = readVerdict();
    GateVerdict verdict;
    try {
      verdict = GateVerdict.parse(verdictBytes);
    } catch (IOException e) {
      throw new PromotionRefusedException(
          verdictFile + " is not a verdict.json written by mlops:evaluate: " + e.getMessage(),
          "" + verdictFile);
    }
    // Read before the run verifier: today's manifest reader refuses fields it does not know, so
    // an experimental run would otherwise be refused as "not a training manifest", which hides
    // the reason. Refusing before verification is safe; not refusing still verifies below.
    checkNotExperimental(notes);
    RunVerification run =
        new RunVerifier().verify(runDirectory, verdict.challengerManifestSha256());
    String version = run.manifest().version();
    RepositoryLayout.requireSafeName("model", model);
    RepositoryLayout.requireSafeName("version", version);
    checkVerdictJudgesThisRun(verdict, run);
    if (!verdict.passed()) {
      if (!run.intact()) {
        run.requireValid("failed candidate");
      }
      String branch = "candidates/" + model + "/" + version;
      pushCandidate(version, verdictBytes, branch, verdict);
      throw new GateFailedException(version, branch, verdict.failedGates());
    }
    run.requireValid("challenger");
    Instant now = clock.instant();
    ApprovalRules.check(
        approvals, policy, run.manifestSha256(), startedBy, now, verdict.bootstrap());
    PromotionRecord record =
        RecordSignatures.sign(
            new PromotionRecord(
                PromotionRecord.FORMAT_VERSION,
                model,
                version,
                run.manifestSha256(),
                Sha256.of(verdictBytes),
                verdict.championVersion(),
                approvals,
                promotedBy,
                startedBy,
                now,
                null,
                null),
            signingKey,
            keyId);
    return land(record, verdict, verdictBytes, notes);
  }

  private PromotionResult land(
      PromotionRecord record, GateVerdict verdict, byte[] verdictBytes, List<String> notes)
      throws MlopsException {
    String version = record.version();
    String promoteBranch = "promote/" + model + "/" + version;
    String championPath = RepositoryLayout.championPath(model);
    try (RepositoryClone clone = RepositoryClone.of(repositoryUrl, servedBranch, login)) {
      ObjectId head = clone.remoteHead();
      ObjectId pushedPromote = ObjectId.zeroId();
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        if (clone.read(
                head,
                RepositoryLayout.versionPath(model, version) + "/" + PromotionRecord.FILE_NAME)
            != null) {
          throw new PromotionRefusedException(
              model
                  + " "
                  + version
                  + " is already promoted on "
                  + servedBranch
                  + ": a version is promoted once; retrain for a new version",
              version);
        }
        String current = clone.championAt(head, championPath);
        if (!Objects.equals(current, record.championBefore())) {
          throw new ChampionChangedException(model, record.championBefore(), current);
        }
        checkChampionRun(clone, head, verdict);
        clone.resetTo(head);
        Path dir = writeVersionFolder(clone, version, verdictBytes);
        record.write(dir.resolve(PromotionRecord.FILE_NAME));
        Files.writeString(clone.workTree().resolve(championPath), version + "\n");
        RevCommit commit = commit(clone, promotionMessage(record), record.promotedAt());
        // A retry rebuilds the commit on the moved served branch: it replaces this command's own
        // earlier push of the promote branch, and only that (the lease is the earlier commit).
        RemoteRefUpdate.Status promote =
            clone.push(commit, promoteBranch, pushedPromote, attempt > 1);
        if (promote != RemoteRefUpdate.Status.OK) {
          throw new PromotionRefusedException(
              "the push of "
                  + promoteBranch
                  + " was refused ("
                  + promote
                  + "): another promotion of "
                  + version
                  + " is under way or done; look at that branch",
              promoteBranch);
        }
        pushedPromote = commit;
        if (!fastForwardServedBranch) {
          notes.add(
              "pushed "
                  + promoteBranch
                  + " only: open a pull request into "
                  + servedBranch
                  + " (its host must refuse it if CHAMPION changed)");
          return result(record, commit, promoteBranch, false, notes);
        }
        if (beforeServedPush != null) {
          Runnable hook = beforeServedPush;
          beforeServedPush = null;
          hook.run();
        }
        RemoteRefUpdate.Status served = clone.push(commit, servedBranch, head);
        if (served == RemoteRefUpdate.Status.OK) {
          return result(record, commit, promoteBranch, true, notes);
        }
        if (!RepositoryClone.lostTheRace(served)) {
          throw new ModelRepositoryException(
              "the push of " + servedBranch + " failed (" + served + ")", servedBranch);
        }
        // Lost the compare-and-swap: the loop re-reads CHAMPION on the new head. Changed →
        // ChampionChangedException; unchanged (another model was promoted) → rebuild on it.
        head = clone.refetch();
      }
      throw new ModelRepositoryException(
          servedBranch
              + " moved "
              + MAX_ATTEMPTS
              + " times while "
              + model
              + " "
              + version
              + " was being promoted: try again when promotions are quieter",
          servedBranch);
    } catch (IOException e) {
      throw new ModelRepositoryException(
          "cannot write the promotion of " + model + " " + version + ": " + e.getMessage(),
          version,
          e);
    }
  }

  /**
   * The champion the verdict measured must be the run the served champion was promoted with, not
   * only a version of the same name: the verdict records its manifest sha256.
   */
  private void checkChampionRun(RepositoryClone clone, ObjectId head, GateVerdict verdict)
      throws IOException, PromotionRefusedException {
    if (verdict.champion() == null) {
      return;
    }
    byte[] bytes =
        clone.read(
            head,
            RepositoryLayout.versionPath(model, verdict.championVersion())
                + "/"
                + PromotionRecord.FILE_NAME);
    String served =
        bytes == null
            ? null
            : CanonicalJson.mapper().readValue(bytes, PromotionRecord.class).manifestSha256();
    if (!Objects.equals(served, verdict.champion().manifestSha256())) {
      throw new PromotionRefusedException(
          "the verdict measured champion "
              + verdict.championVersion()
              + " with manifest "
              + verdict.champion().manifestSha256()
              + ", but the served "
              + verdict.championVersion()
              + " was promoted with manifest "
              + served
              + ": re-evaluate against the served champion",
          verdict.champion().manifestSha256());
    }
  }

  private PromotionResult result(
      PromotionRecord record,
      RevCommit commit,
      String promoteBranch,
      boolean served,
      List<String> notes) {
    return new PromotionResult(
        model,
        record.version(),
        commit.name(),
        promoteBranch,
        served,
        record.championBefore(),
        record,
        notes);
  }

  private void pushCandidate(
      String version, byte[] verdictBytes, String branch, GateVerdict verdict)
      throws MlopsException {
    try (RepositoryClone clone = RepositoryClone.of(repositoryUrl, servedBranch, login)) {
      clone.resetTo(clone.remoteHead());
      writeVersionFolder(clone, version, verdictBytes);
      RevCommit commit =
          commit(
              clone,
              "Candidate "
                  + model
                  + " "
                  + version
                  + " (failed gates "
                  + verdict.failedGates()
                  + "; not promoted)\n",
              clock.instant());
      RemoteRefUpdate.Status status = clone.push(commit, branch, ObjectId.zeroId());
      if (status != RemoteRefUpdate.Status.OK) {
        throw new ModelRepositoryException(
            "the push of " + branch + " was refused (" + status + "): it exists already", branch);
      }
    }
  }

  /** Copies the run's plain files and the verdict into the version folder. */
  private Path writeVersionFolder(RepositoryClone clone, String version, byte[] verdictBytes)
      throws ModelRepositoryException {
    Path dir = clone.workTree().resolve(RepositoryLayout.versionPath(model, version));
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(runDirectory)) {
        for (Path file : files.sorted().toList()) {
          String name = file.getFileName().toString();
          // Hidden files are staging leftovers or editor files, never part of a run; a symbolic
          // link could carry content from outside the run into the repository.
          if (name.startsWith(".") || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          Files.copy(file, dir.resolve(name));
        }
      }
      Files.write(dir.resolve(GateVerdict.FILE_NAME), verdictBytes);
      return dir;
    } catch (IOException e) {
      throw new ModelRepositoryException(
          "cannot copy the run " + runDirectory + " into the repository: " + e.getMessage(),
          "" + runDirectory,
          e);
    }
  }

  private RevCommit commit(RepositoryClone clone, String message, Instant when)
      throws ModelRepositoryException {
    PersonIdent author = ident(promotedBy, when);
    try {
      clone.git().add().addFilepattern(RepositoryLayout.modelPath(model)).call();
      return clone.git().commit().setMessage(message).setAuthor(author).setCommitter(author).call();
    } catch (GitAPIException e) {
      throw new ModelRepositoryException(
          "cannot commit the promotion of " + model + ": " + e.getMessage(), model, e);
    }
  }

  static PersonIdent ident(String user, Instant when) {
    // The user is who the CI names (a login); an address is only known when the login is one.
    return new PersonIdent(user, user.contains("@") ? user : "", when, ZoneOffset.UTC);
  }

  private static String promotionMessage(PromotionRecord r) {
    return "Promote "
        + r.model()
        + " "
        + r.version()
        + "\n\nChampion before: "
        + (r.championBefore() == null ? "none" : r.championBefore())
        + "\nApproved by: "
        + r.approvals().stream()
            .map(a -> a.user() + " (" + a.role() + ")")
            .collect(Collectors.joining(", "))
        + "\nStarted by: "
        + r.startedBy()
        + "\nManifest sha256: "
        + r.manifestSha256()
        + "\nSigned by: "
        + r.keyId()
        + "\n";
  }

  private void checkVerdictJudgesThisRun(GateVerdict verdict, RunVerification run)
      throws PromotionRefusedException {
    if (!Objects.equals(verdict.challengerManifestSha256(), run.manifestSha256())) {
      throw new PromotionRefusedException(
          "the verdict judged manifest "
              + verdict.challengerManifestSha256()
              + ", but "
              + runDirectory
              + " holds manifest "
              + run.manifestSha256()
              + ": evaluate this run, or promote the run that was evaluated",
          run.manifestSha256());
    }
    if (!Objects.equals(verdict.challengerVersion(), run.manifest().version())) {
      throw new PromotionRefusedException(
          "the verdict judged version "
              + verdict.challengerVersion()
              + ", but the run is "
              + run.manifest().version()
              + ": promote the run that was evaluated",
          verdict.challengerVersion());
    }
    if (!Objects.equals(model, run.manifest().model())) {
      throw new PromotionRefusedException(
          "the run is of model "
              + run.manifest().model()
              + ", not "
              + model
              + ": promote it under its own model",
          run.manifest().model());
    }
  }

  private void checkNotExperimental(List<String> notes) throws MlopsException {
    JsonNode flag;
    try {
      flag =
          CanonicalJson.mapper()
              .readTree(runDirectory.resolve(RunFormat.MANIFEST).toFile())
              .get("experimental");
    } catch (IOException e) {
      throw new PromotionRefusedException(
          "cannot read " + runDirectory.resolve(RunFormat.MANIFEST) + ": " + e.getMessage(),
          "" + runDirectory);
    }
    if (flag == null || flag.isNull()) {
      notes.add(
          "manifest.json has no 'experimental' field: the run is treated as not experimental");
    } else if (!flag.isBoolean() || flag.booleanValue()) {
      throw new PromotionRefusedException(
          "the run is experimental (experimental = "
              + flag
              + "): experimental runs are never served; retrain without the experimental flag",
          "" + flag);
    }
  }

  private byte[] readVerdict() throws PromotionRefusedException {
    try {
      return Files.readAllBytes(verdictFile);
    } catch (IOException e) {
      throw new PromotionRefusedException(
          "cannot read the verdict "
              + verdictFile
              + " ("
              + e.getMessage()
              + "): run mlops:evaluate on the challenger first",
          "" + verdictFile);
    }
  }

  private void requireInputs() throws PromotionRefusedException {
    String missing =
        Stream.of(
                repositoryUrl == null ? "repository URL" : null,
                model == null ? "model" : null,
                runDirectory == null ? "run directory" : null,
                verdictFile == null ? "verdict.json" : null,
                policy == null ? "approval policy" : null,
                signingKey == null || keyId == null ? "signing key and key id" : null,
                promotedBy == null || promotedBy.isBlank() ? "promoted by" : null,
                startedBy == null || startedBy.isBlank() ? "started by" : null)
            .filter(Objects::nonNull)
            .collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      throw new PromotionRefusedException(
          "a promotion needs: " + missing + ": set them on the command", missing);
    }
  }
}

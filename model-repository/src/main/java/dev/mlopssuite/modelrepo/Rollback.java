package dev.mlopssuite.modelrepo;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.ApprovalRules;
import dev.mlopssuite.trust.ChainVerification;
import dev.mlopssuite.trust.ChampionChainVerifier;
import dev.mlopssuite.trust.KeyId;
import dev.mlopssuite.trust.RecordSignatures;
import dev.mlopssuite.trust.RepositoryLayout;
import dev.mlopssuite.trust.RollbackRecord;
import dev.mlopssuite.trust.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Points CHAMPION back at an earlier version (docs/model-repository.md, "Rollback"): that version's
 * promotion must still verify whole ({@link ChampionChainVerifier}); the metric gates are skipped
 * (it was approved once); a reason and one ml-owner approval go into a signed rollback record at
 * {@code models/<model>/rollbacks/<timestamp>.json}. One commit on the served branch, pushed as a
 * compare-and-swap against the champion it replaces. Single use.
 */
public final class Rollback {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_ATTEMPTS = 8;

  private String repositoryUrl;
  private RepositoryLogin login = RepositoryLogin.none();
  private String model;
  private String toVersion;
  private String reason;
  private Approval approval;
  private String approvedBy;
  private ApprovalPolicy policy;
  private TrustedKeys trustedKeys;
  private PrivateKey signingKey;
  private KeyId keyId;
  private String rolledBackBy;
  private Clock clock = Clock.systemUTC();
  private String servedBranch = "main";
  private boolean called;

  public Rollback setRepositoryUrl(String url) {
    this.repositoryUrl = url;
    return this;
  }

  /** How to log in to the repository's remote (default: no login of its own; SSH uses ~/.ssh). */
  public Rollback setLogin(RepositoryLogin login) {
    this.login = Objects.requireNonNull(login, "login");
    return this;
  }

  public Rollback setModel(String model) {
    this.model = model;
    return this;
  }

  public Rollback setToVersion(String version) {
    this.toVersion = version;
    return this;
  }

  public Rollback setReason(String reason) {
    this.reason = reason;
    return this;
  }

  public Rollback setApproval(Approval approval) {
    this.approval = approval;
    return this;
  }

  /**
   * The ml-owner who approves, now: the approval is bound to the manifest of the version rolled
   * back to, which the command reads itself (what {@code mlops:rollback -Dmlops.approvedBy=} uses).
   */
  public Rollback setApprovedBy(String user) {
    this.approvedBy = user;
    return this;
  }

  public Rollback setPolicy(ApprovalPolicy policy) {
    this.policy = policy;
    return this;
  }

  public Rollback setTrustedKeys(TrustedKeys keys) {
    this.trustedKeys = keys;
    return this;
  }

  public Rollback setSigningKey(PrivateKey key, KeyId keyId) {
    this.signingKey = key;
    this.keyId = keyId;
    return this;
  }

  public Rollback setRolledBackBy(String user) {
    this.rolledBackBy = user;
    return this;
  }

  public Rollback setClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public Rollback setServedBranch(String branch) {
    this.servedBranch = branch;
    return this;
  }

  public RollbackResult call() throws MlopsException {
    if (called) {
      throw new IllegalStateException("a Rollback command runs once; create another");
    }
    called = true;
    if (repositoryUrl == null
        || model == null
        || toVersion == null
        || (approval == null && approvedBy == null)
        || policy == null
        || trustedKeys == null
        || signingKey == null
        || keyId == null
        || rolledBackBy == null) {
      throw new PromotionRefusedException(
          "a rollback needs the repository URL, model, version, approval, policy, trusted keys,"
              + " signing key and who rolls back: set them on the command",
          model);
    }
    if (reason == null || reason.isBlank()) {
      throw new PromotionRefusedException(
          "a rollback needs a reason: say what is wrong with the current champion", reason);
    }
    RepositoryLayout.requireSafeName("model", model);
    RepositoryLayout.requireSafeName("version", toVersion);
    String championPath = RepositoryLayout.championPath(model);
    try (RepositoryClone clone = RepositoryClone.of(repositoryUrl, servedBranch, login)) {
      ObjectId head = clone.remoteHead();
      String from = clone.championAt(head, championPath);
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        String current = clone.championAt(head, championPath);
        if (!Objects.equals(current, from)) {
          throw new ChampionChangedException(model, from, current);
        }
        if (from == null) {
          throw new PromotionRefusedException(
              model + " has no champion to roll back from: promote one", model);
        }
        if (from.equals(toVersion)) {
          throw new PromotionRefusedException(
              toVersion + " is already the champion of " + model + ": name an earlier version",
              toVersion);
        }
        clone.resetTo(head);
        ChainVerification target =
            new ChampionChainVerifier(trustedKeys, policy)
                .verifyVersion(clone.workTree(), model, toVersion)
                .requireValid();
        Instant now = clock.instant();
        if (approvedBy != null) {
          approval =
              new Approval(
                  ApprovalPolicy.ROLLBACK_ROLE,
                  approvedBy,
                  now,
                  target.promotion().manifestSha256());
        }
        ApprovalRules.checkRollback(
            approval, policy, target.promotion().manifestSha256(), rolledBackBy, now);
        RollbackRecord record =
            RecordSignatures.sign(
                new RollbackRecord(
                    model, from, toVersion, reason, approval, rolledBackBy, now, null, null),
                signingKey,
                keyId);
        String recordPath =
            RepositoryLayout.rollbacksPath(model) + "/" + FILE_TIME.format(now) + ".json";
        Path file = clone.workTree().resolve(recordPath);
        if (Files.exists(file)) {
          throw new PromotionRefusedException(
              recordPath + " exists already: one rollback a second; try again", recordPath);
        }
        Files.createDirectories(file.getParent());
        record.write(file);
        Files.writeString(clone.workTree().resolve(championPath), toVersion + "\n");
        RevCommit commit = commit(clone, record, now);
        RemoteRefUpdate.Status status = clone.push(commit, servedBranch, head);
        if (status == RemoteRefUpdate.Status.OK) {
          return new RollbackResult(model, from, toVersion, commit.name(), recordPath, record);
        }
        if (!RepositoryClone.lostTheRace(status)) {
          throw new ModelRepositoryException(
              "the push of " + servedBranch + " failed (" + status + ")", servedBranch);
        }
        head = clone.refetch();
      }
      throw new ModelRepositoryException(
          servedBranch + " kept moving during the rollback of " + model + ": try again",
          servedBranch);
    } catch (IOException e) {
      throw new ModelRepositoryException(
          "cannot write the rollback of " + model + ": " + e.getMessage(), model, e);
    }
  }

  private RevCommit commit(RepositoryClone clone, RollbackRecord record, Instant when)
      throws ModelRepositoryException {
    PersonIdent author = Promote.ident(rolledBackBy, when);
    String message =
        "Roll back "
            + model
            + " from "
            + record.fromVersion()
            + " to "
            + record.toVersion()
            + "\n\nReason: "
            + record.reason()
            + "\nApproved by: "
            + record.approval().user()
            + " ("
            + record.approval().role()
            + ")\nSigned by: "
            + record.keyId()
            + "\n";
    try {
      clone.git().add().addFilepattern(RepositoryLayout.modelPath(model)).call();
      return clone.git().commit().setMessage(message).setAuthor(author).setCommitter(author).call();
    } catch (GitAPIException e) {
      throw new ModelRepositoryException(
          "cannot commit the rollback of " + model + ": " + e.getMessage(), model, e);
    }
  }
}

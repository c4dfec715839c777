package dev.mlopssuite.modelrepo;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.trust.PromotionRecord;
import dev.mlopssuite.trust.RepositoryLayout;
import dev.mlopssuite.trust.RollbackRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A model's champions over time: {@code git log} of {@code models/<model>/CHAMPION} on the served
 * branch, oldest first, each with its approvers and reason (docs/model-repository.md, "History").
 * Nothing else keeps state. Records are read as they are; verifying them is the chain verifier's
 * job. Single use.
 */
public final class History {
  private String repositoryUrl;
  private RepositoryLogin login = RepositoryLogin.none();
  private String model;
  private String servedBranch = "main";
  private boolean called;

  public History setRepositoryUrl(String url) {
    this.repositoryUrl = url;
    return this;
  }

  /** How to log in to the repository's remote (default: no login of its own; SSH uses ~/.ssh). */
  public History setLogin(RepositoryLogin login) {
    this.login = Objects.requireNonNull(login, "login");
    return this;
  }

  public History setModel(String model) {
    this.model = model;
    return this;
  }

  public History setServedBranch(String branch) {
    this.servedBranch = branch;
    return this;
  }

  public List<ChampionChange> call() throws MlopsException {
    if (called) {
      throw new IllegalStateException("a History command runs once; create another");
    }
    called = true;
    RepositoryLayout.requireSafeName("model", model);
    String championPath = RepositoryLayout.championPath(model);
    List<ChampionChange> changes = new ArrayList<>();
    try (RepositoryClone clone = RepositoryClone.of(repositoryUrl, servedBranch, login)) {
      Iterable<RevCommit> log =
          clone.git().log().add(clone.remoteHead()).addPath(championPath).call();
      for (RevCommit commit : log) {
        changes.add(change(clone, commit, championPath));
      }
    } catch (GitAPIException | IOException e) {
      throw new ModelRepositoryException(
          "cannot read the history of " + model + " in " + repositoryUrl + ": " + e.getMessage(),
          model,
          e);
    }
    Collections.reverse(changes);
    return List.copyOf(changes);
  }

  private ChampionChange change(RepositoryClone clone, RevCommit commit, String championPath)
      throws IOException {
    String version = clone.championAt(commit, championPath);
    Instant at = Instant.ofEpochSecond(commit.getCommitTime());
    String rollbacks = RepositoryLayout.rollbacksPath(model);
    Set<String> added = new TreeSet<>(clone.list(commit, rollbacks));
    for (RevCommit parent : commit.getParents()) {
      added.removeAll(clone.list(parent, rollbacks));
    }
    if (!added.isEmpty()) {
      RollbackRecord record = RollbackRecord.parse(clone.read(commit, added.iterator().next()));
      return new ChampionChange(
          version,
          at,
          commit.name(),
          ChampionChange.Kind.ROLLBACK,
          List.of(record.approval().user() + " (" + record.approval().role() + ")"),
          "rollback from " + record.fromVersion() + ": " + record.reason());
    }
    String promotionPath =
        version == null || !RepositoryLayout.isSafeName(version)
            ? null
            : RepositoryLayout.versionPath(model, version) + "/" + PromotionRecord.FILE_NAME;
    byte[] promotion = promotionPath == null ? null : clone.read(commit, promotionPath);
    // A promotion adds its record: CHAMPION pointed back at a version promoted earlier, without
    // a rollback record, is a hand edit. The first parent is the served branch before the commit
    // (for a pull-request merge too).
    if (promotion != null
        && commit.getParentCount() > 0
        && clone.read(commit.getParent(0), promotionPath) != null) {
      promotion = null;
    }
    if (promotion != null) {
      PromotionRecord record =
          dev.mlopssuite.runtime.lineage.CanonicalJson.mapper()
              .readValue(promotion, PromotionRecord.class);
      return new ChampionChange(
          version,
          at,
          commit.name(),
          ChampionChange.Kind.PROMOTION,
          record.approvals().stream().map(a -> a.user() + " (" + a.role() + ")").toList(),
          "promoted over "
              + (record.championBefore() == null ? "no champion" : record.championBefore()));
    }
    return new ChampionChange(
        version,
        at,
        commit.name(),
        ChampionChange.Kind.UNRECORDED,
        List.of(),
        "CHAMPION changed without a promotion or rollback record: find out who edited it");
  }
}

package dev.mlopssuite.modelrepo;

import java.time.Instant;
import java.util.List;

/**
 * One change of a model's champion, read from the served branch (docs/model-repository.md,
 * "History").
 *
 * @param version what CHAMPION named after the commit (null: the file was removed)
 * @param approvers {@code user (role)} of each approval, from promotion.json or the rollback record
 * @param reason the rollback's reason; for a promotion, the champion it replaced; for a change with
 *     neither record, a warning
 */
public record ChampionChange(
    String version,
    Instant committedAt,
    String commitId,
    Kind kind,
    List<String> approvers,
    String reason) {
  /** How CHAMPION came to change. */
  public enum Kind {
    PROMOTION,
    ROLLBACK,
    /** CHAMPION changed in a commit with no promotion or rollback record: someone edited it. */
    UNRECORDED
  }

  public ChampionChange {
    approvers = List.copyOf(approvers);
  }
}

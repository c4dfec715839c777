package dev.mlopssuite.modelrepo;

import dev.mlopssuite.trust.PromotionRecord;
import java.util.List;

/**
 * What a promotion did (docs/model-repository.md, "Promotion").
 *
 * @param commitId the one promotion commit
 * @param promoteBranch {@code promote/<model>/<version>}, always pushed
 * @param servedBranchUpdated whether the served branch was fast-forwarded to the commit (the
 *     embedded default); false when a pull request must carry it
 * @param record the signed {@code promotion.json}
 * @param notes what the caller should know, e.g. a manifest without an {@code experimental} field
 */
public record PromotionResult(
    String model,
    String version,
    String commitId,
    String promoteBranch,
    boolean servedBranchUpdated,
    String championBefore,
    PromotionRecord record,
    List<String> notes) {
  public PromotionResult {
    notes = List.copyOf(notes);
  }
}

package dev.mlopssuite.modelrepo;

import dev.mlopssuite.trust.RollbackRecord;

/**
 * What a rollback did (docs/model-repository.md, "Rollback").
 *
 * @param recordPath the rollback record's path in the repository
 */
public record RollbackResult(
    String model,
    String fromVersion,
    String toVersion,
    String commitId,
    String recordPath,
    RollbackRecord record) {}

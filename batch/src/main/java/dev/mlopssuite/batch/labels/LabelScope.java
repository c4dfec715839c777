package dev.mlopssuite.batch.labels;

import dev.mlopssuite.batch.data.Sql;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which rows a partial backfill relabels: an entity cohort and/or a time range [from, to). Every
 * other row keeps the label it had in the parent snapshot (docs/label-contract.md).
 *
 * @param cohort entities to relabel; empty = every entity
 * @param from inclusive start, or null for no lower bound
 * @param to exclusive end, or null for no upper bound
 */
public record LabelScope(List<String> cohort, Instant from, Instant to) {
  public LabelScope {
    cohort = List.copyOf(cohort);
  }

  public static LabelScope everything() {
    return new LabelScope(List.of(), null, null);
  }

  public boolean isEverything() {
    return cohort.isEmpty() && from == null && to == null;
  }

  /** SQL predicate over columns {@code entity} and {@code ts}. */
  String predicate() {
    StringBuilder sql = new StringBuilder("TRUE");
    if (!cohort.isEmpty()) {
      sql.append(" AND entity IN (")
          .append(cohort.stream().map(Sql::text).collect(Collectors.joining(", ")))
          .append(')');
    }
    if (from != null) {
      sql.append(" AND ts >= ").append(Sql.timestamp(from));
    }
    if (to != null) {
      sql.append(" AND ts < ").append(Sql.timestamp(to));
    }
    return sql.toString();
  }
}

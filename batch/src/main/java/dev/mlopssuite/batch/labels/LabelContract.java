package dev.mlopssuite.batch.labels;

import java.util.List;

/**
 * Names and version of the label contract (docs/label-contract.md). Any change to how labels are
 * computed must bump {@link #LOGIC_VERSION}: it is part of every snapshot id, so a new logic yields
 * new snapshots and old ones stay as they were.
 */
public final class LabelContract {
  public static final String LOGIC_VERSION = "label-v2";

  public static final String LABEL = "label";
  public static final String STATUS = "label_status";
  public static final String RESOLVED_AT = "label_resolved_at";
  public static final String SOURCE = "label_source";
  public static final String LOGIC_VERSION_COLUMN = "label_logic_version";
  public static final List<String> COLUMNS =
      List.of(LABEL, STATUS, RESOLVED_AT, SOURCE, LOGIC_VERSION_COLUMN);

  public static final String RESOLVED = "resolved";
  public static final String UNRESOLVED = "unresolved";

  private LabelContract() {}
}

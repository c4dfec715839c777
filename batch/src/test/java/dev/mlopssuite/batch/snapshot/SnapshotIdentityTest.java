package dev.mlopssuite.batch.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.backfill.BackfillResult;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The snapshot id covers every setting that changes content (docs/snapshots.md: "a test per
 * field"): for each component of {@link SnapshotIdentity}, a real backfill with only that setting
 * changed gets a new id, and its identity differs from the unchanged run's in that field alone.
 */
class SnapshotIdentityTest {
  static final String AS_OF = "2026-02-01T00:00:00Z";
  static final String WATERMARK = "2026-01-25T00:00:00Z";

  @TempDir Path dir;

  /** Rewrites the inputs after the workspace wrote them. */
  interface Edit {
    void apply(Path dir) throws IOException;
  }

  /**
   * @param files edits the inputs of both runs
   * @param changedFiles edits the inputs of the changed run only
   */
  record Change(
      String field,
      Map<String, String> base,
      Map<String, String> changed,
      Edit files,
      Edit changedFiles) {
    @Override
    public String toString() {
      return field;
    }
  }

  static Map<String, String> full(String... more) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("mlops.backfill.asOf", AS_OF);
    overrides.put("mlops.backfill.watermark", WATERMARK);
    for (int i = 0; i < more.length; i += 2) {
      overrides.put("mlops." + more[i], more[i + 1]);
    }
    return overrides;
  }

  /** A partial backfill of E1 from parent {@code $P1}, plus {@code more}. */
  static Map<String, String> partial(String... more) {
    Map<String, String> overrides = full("backfill.parent", "$P1", "backfill.cohort", "E1");
    overrides.putAll(full(more));
    return overrides;
  }

  static Change change(String field, String... setting) {
    return new Change(field, full(), full(setting), d -> {}, d -> {});
  }

  /**
   * Both runs read the same files, which hold a copy of {@code column} named {@code copy}; the
   * changed run reads the copy. Same file hashes, so only the setting can change the id.
   */
  static Change copied(String field, String column, String copy, String... setting) {
    return new Change(
        field,
        full(),
        full(setting),
        d -> {
          for (String file : new String[] {"telemetry.csv", "outcomes.csv"}) {
            Path path = d.resolve("data").resolve(file);
            var lines = Files.readAllLines(path);
            int index = Arrays.asList(lines.get(0).split(",")).indexOf(column);
            if (index < 0) {
              continue;
            }
            StringBuilder text = new StringBuilder(lines.get(0)).append(',').append(copy);
            for (String line : lines.subList(1, lines.size())) {
              text.append('\n').append(line).append(',').append(line.split(",")[index]);
            }
            Files.writeString(path, text.append('\n').toString());
          }
        },
        d -> {});
  }

  static Stream<Change> changes() {
    return Stream.of(
        // label_logic_version is a constant of the code, not a setting: see the record-level case
        new Change("label_logic_version", full(), full(), d -> {}, d -> {}),
        new Change(
            "telemetry_sha256",
            full(),
            full(),
            d -> {},
            d ->
                Files.writeString(
                    d.resolve("data/telemetry.csv"),
                    "E2,2026-01-10T00:00:00Z,2.7,71\n",
                    java.nio.file.StandardOpenOption.APPEND)),
        new Change(
            "outcomes_sha256",
            full(),
            full(),
            d -> {},
            d ->
                Files.writeString(
                    d.resolve("data/outcomes.csv"),
                    "E2,2026-01-20T00:00:00Z,2026-01-20T00:00:00Z,x,simulator_outcome\n",
                    java.nio.file.StandardOpenOption.APPEND)),
        change("as_of", "backfill.asOf", "2026-02-02T00:00:00Z"),
        change("watermark", "backfill.watermark", "2026-01-26T00:00:00Z"),
        change("horizon", "horizon", "P6D"),
        copied("entity_column", "device_id", "dev", "entityColumn", "dev"),
        copied("time_column", "ts", "time", "timeColumn", "time"),
        change("value_columns", "data.valueColumns", "battery_voltage"),
        copied(
            "outcome_time_column",
            "failure_ts",
            "failed_at",
            "data.outcomeTimeColumn",
            "failed_at"),
        copied(
            "confirmed_at_column",
            "confirmed_at",
            "known_at",
            "data.confirmedAtColumn",
            "known_at"),
        copied("source_column", "source", "origin", "data.sourceColumn", "origin"),
        change("confirmation_is_failure_time", "data.confirmationIsFailureTime", "true"),
        change("negative_label_source", "data.negativeLabelSource", "observed_outcome"),
        change("timezone", "data.timezone", "UTC"),
        change("ranges", "validation.ranges.heart_rate.max", "1000"),
        change("max_absolute_value", "validation.maxAbsoluteValue", "1e9"),
        new Change("parent_id", partial(), partial("backfill.parent", "$P2"), d -> {}, d -> {}),
        new Change("scope_cohort", partial(), partial("backfill.cohort", "E2"), d -> {}, d -> {}),
        new Change(
            "scope_from",
            partial(),
            partial("backfill.from", "2026-01-01T12:00:00Z"),
            d -> {},
            d -> {}),
        new Change(
            "scope_to",
            partial(),
            partial("backfill.to", "2026-01-01T12:00:00Z"),
            d -> {},
            d -> {}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changingOneSettingChangesTheIdAndOnlyThatField(Change change) throws Exception {
    BackfillWorkspace workspace =
        new BackfillWorkspace(dir)
            .row("E1", "2026-01-01T00:00:00Z")
            .row("E1", "2026-01-02T00:00:00Z")
            .row("E2", "2026-01-01T00:00:00Z")
            .failure("E1", "2026-01-05T00:00:00Z", "2026-01-05T06:00:00Z");
    Map<String, String> parents = new HashMap<>();
    parents.put(
        "$P1",
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-01-20T00:00:00Z")).snapshot().id());
    parents.put(
        "$P2",
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-01-21T00:00:00Z")).snapshot().id());

    SnapshotManifest base = run(workspace, change.base(), parents, change.files());
    Map<String, Object> changed;
    if (change.field().equals("label_logic_version")) {
      Map<String, Object> identity = new HashMap<>(base.identity());
      identity.put("label_logic_version", "label-v0");
      SnapshotIdentity other =
          CanonicalJson.mapper().convertValue(identity, SnapshotIdentity.class);
      assertNotEquals(base.id(), other.id());
      changed = other.asMap();
    } else {
      SnapshotManifest after =
          run(
              workspace,
              change.changed(),
              parents,
              d -> {
                change.files().apply(d);
                change.changedFiles().apply(d);
              });
      assertNotEquals(base.id(), after.id(), change.field());
      assertEquals(
          after.id(),
          CanonicalJson.mapper().convertValue(after.identity(), SnapshotIdentity.class).id());
      changed = after.identity();
    }
    Set<String> differing = new TreeSet<>(base.identity().keySet());
    differing.addAll(changed.keySet());
    differing.removeIf(key -> Objects.equals(base.identity().get(key), changed.get(key)));
    assertEquals(Set.of(change.field()), differing);
  }

  @Test
  void everyComponentOfTheIdentityHasACase() {
    Set<String> components =
        Arrays.stream(SnapshotIdentity.class.getRecordComponents())
            .map(c -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(c.getName()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        components, changes().map(Change::field).collect(Collectors.toCollection(TreeSet::new)));
  }

  private static SnapshotManifest run(
      BackfillWorkspace workspace,
      Map<String, String> overrides,
      Map<String, String> parents,
      Edit edit)
      throws Exception {
    Map<String, String> resolved = new HashMap<>(overrides);
    resolved.replaceAll((key, value) -> parents.getOrDefault(value, value));
    var config = workspace.config(resolved);
    edit.apply(workspace.dir());
    BackfillResult result = new Backfill(config, Progress.NONE).call();
    return result.snapshot();
  }
}

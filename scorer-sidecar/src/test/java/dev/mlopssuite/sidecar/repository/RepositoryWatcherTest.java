package dev.mlopssuite.sidecar.repository;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.modelrepo.InitModelRepository;
import dev.mlopssuite.modelrepo.Promote;
import dev.mlopssuite.modelrepo.Rollback;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.sidecar.config.SidecarConfig;
import dev.mlopssuite.sidecar.model.ModelRegistry;
import dev.mlopssuite.sidecar.model.ServedModel;
import dev.mlopssuite.sidecar.testing.CapturedLog;
import dev.mlopssuite.sidecar.testing.SamplePromotions;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.GateVerdict;
import dev.mlopssuite.trust.PromotionRecord;
import dev.mlopssuite.trust.RecordSignatures;
import dev.mlopssuite.trust.RepositoryLayout;
import dev.mlopssuite.trust.RollbackRecord;
import dev.mlopssuite.trust.TrustedKeys;
import dev.mlopssuite.trust.testing.TrustFixtures;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher against real Git repositories made by {@link InitModelRepository} and {@link
 * Promote}; refusals are commits pushed to the served branch with JGit, as someone with push rights
 * (or a broken tool) would make them.
 */
class RepositoryWatcherTest {
  private static final String POLICY = SamplePromotions.POLICY_WITH_GATES;

  @TempDir Path root;
  private final SigningKey key = SigningKey.generate();
  private final TrustedKeys trusted = TrustedKeys.of(key.pair().getPublic());
  private final RecordingMetrics metrics = new RecordingMetrics();
  private CapturedLog capturedLog;
  private List<String> log;
  private String url;
  private ModelRegistry registry;
  private RepositoryWatcher watcher;
  private int workTrees;

  @BeforeEach
  void repository() throws Exception {
    capturedLog = CapturedLog.of(RepositoryWatcher.class);
    log = capturedLog.messages();
    url = SamplePromotions.createRepository(root, POLICY);
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(url, "main", Duration.ofSeconds(60), root.resolve("cache"));
    registry = QuickWatchers.registry(config, List.of(MODEL));
    watcher = QuickWatchers.watcher(config, List.of(MODEL), trusted, registry, metrics);
  }

  @AfterEach
  void stop() throws Exception {
    watcher.close();
    capturedLog.close();
  }

  // ---- fixtures ---------------------------------------------------------------------------

  private String promote(String version, String championBefore) throws Exception {
    return promote(version, championBefore, key);
  }

  private String promote(String version, String championBefore, SigningKey signer)
      throws Exception {
    return SamplePromotions.promote(url, root, version, championBefore, signer);
  }

  /** Clones the served branch, applies {@code change}, commits everything and pushes it. */
  /** A change to files that may fail: the test fails with it. */
  @FunctionalInterface
  private interface Change {
    void apply(Path dir) throws Exception;

    default Change andThen(Change next) {
      return dir -> {
        apply(dir);
        next.apply(dir);
      };
    }
  }

  private String push(String message, Change change) throws Exception {
    Path dir = root.resolve("work-" + workTrees++);
    try (Git git =
        Git.cloneRepository().setURI(url).setBranch("main").setDirectory(dir.toFile()).call()) {
      change.apply(dir);
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      String id =
          git.commit()
              .setMessage(message)
              .setAuthor("mallory", "m@example.org")
              .setCommitter("mallory", "m@example.org")
              .call()
              .name();
      git.push().setRemote("origin").add("main").call();
      return id;
    }
  }

  private static Path versionDir(Path workTree, String version) {
    return workTree.resolve(RepositoryLayout.versionPath(MODEL, version));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text);
  }

  private static void editManifest(Path dir, Consumer<ObjectNode> edit) throws IOException {
    Path manifest = dir.resolve("manifest.json");
    ObjectNode tree = (ObjectNode) CanonicalJson.mapper().readTree(manifest.toFile());
    edit.accept(tree);
    Files.writeString(manifest, CanonicalJson.pretty(tree));
  }

  /**
   * A version folder made by hand but signed with the trusted key, as a compromised or buggy
   * promotion would make it: the run (after {@code tamper}), its verdict and a valid record, and
   * CHAMPION pointing at it. Only the run's own checks can refuse it.
   */
  private Change signedVersion(String version, Change tamper) {
    return workTree -> {
      Path dir = TrustFixtures.sampleRunAs(versionDir(workTree, version), version);
      tamper.apply(dir);
      TrustFixtures.promote(workTree, dir, version, key);
    };
  }

  private ServedModel serving() {
    return registry
        .current(MODEL)
        .orElseThrow(() -> new AssertionError(registry.notReadyReason(MODEL)));
  }

  /** v1 promoted and served: the state every refusal starts from. */
  private ServedModel servingV1() throws Exception {
    String commit = promote("v1", null);
    watcher.cycle();
    ServedModel v1 = serving();
    assertEquals("v1", v1.version());
    assertEquals(commit, v1.commit());
    return v1;
  }

  /** The bad commit is refused: v1 keeps serving, the failure is counted and logged with why. */
  private void assertRefused(ServedModel v1, String badCommit, String why) {
    long failures = metrics.count("failure");
    watcher.cycle();
    assertSame(v1, serving(), "the old version keeps serving");
    assertNull(registry.notReadyReason(MODEL), "readiness stays up");
    assertTrue(metrics.count("failure") > failures, "the failure is counted: " + metrics.reloads);
    String line =
        log.stream()
            .filter(l -> l.contains(badCommit) && l.contains("refused"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no refusal of " + badCommit + " in " + log));
    assertTrue(line.contains(why), line);
    assertTrue(line.contains("still serving version v1"), line);
    assertEquals(1, line.lines().count(), "one line: " + line);
  }

  // ---- tests ------------------------------------------------------------------------------

  @Test
  void aPromotionIsServedAndTheNextOneSwapsVersions() throws Exception {
    ServedModel v1 = servingV1();
    assertEquals(List.of(MODEL + " success"), metrics.reloads);
    assertEquals(TrustFixtures.manifestSha(root.resolve("runs/v1")), v1.manifestSha256());
    assertEquals(0.5, v1.threshold());
    assertTrue(v1.calibratedUsed());
    assertEquals("v1", v1.trainingRun());
    assertNotNull(v1.snapshotId());
    assertNotNull(v1.features());

    ServedModel inFlight = registry.current(MODEL).orElseThrow();
    String commit = promote("v2", "v1");
    watcher.cycle();
    ServedModel v2 = serving();
    assertEquals("v2", v2.version());
    assertEquals(commit, v2.commit());
    assertEquals("v1", inFlight.version(), "a request holding v1 finishes on it");
    assertEquals(
        MODEL + " v2 " + commit + " " + v2.manifestSha256(),
        metrics.served.get(metrics.served.size() - 1));
    assertEquals(2, metrics.count("success"));

    long before = metrics.reloads.size();
    watcher.cycle();
    assertEquals(before, metrics.reloads.size(), "an unchanged commit is not loaded again");
  }

  @Test
  void nothingValidAtStartMeansNotReadyWithAReason() throws Exception {
    assertTrue(registry.notReadyReason(MODEL).contains("waiting for the first fetch"));
    watcher.cycle();
    assertTrue(registry.current(MODEL).isEmpty());
    assertTrue(
        registry.notReadyReason(MODEL).contains("no promotion of " + MODEL + " on branch main yet"),
        registry.notReadyReason(MODEL));
    // Waiting for a first promotion is not a failed reload: not counted, not retried, said once.
    watcher.cycle();
    assertEquals(0, metrics.count("failure"), metrics.reloads.toString());
    assertEquals(
        1, log.stream().filter(l -> l.contains("no promotion of")).count(), log.toString());

    promote("v1", null, SigningKey.generate());
    watcher.cycle();
    assertTrue(registry.current(MODEL).isEmpty());
    assertTrue(
        registry.notReadyReason(MODEL).contains("untrusted key"), registry.notReadyReason(MODEL));
    assertEquals(1, metrics.count("failure"), "a promotion that does not verify is a failure");
  }

  @Test
  void aValidFirstPromotionAfterWaitingIsServed() throws Exception {
    watcher.cycle();
    assertTrue(registry.notReadyReason(MODEL).contains("no promotion of"));
    String commit = promote("v1", null);
    watcher.cycle();
    assertEquals(commit, serving().commit());
    assertNull(registry.notReadyReason(MODEL));
    assertEquals(0, metrics.count("failure"));
  }

  @Test
  void aModelWaitingBesideARefusedOneIsNeitherCountedNorRetried() throws Exception {
    String other = "other-model";
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(url, "main", Duration.ofSeconds(60), root.resolve("cache2"));
    ModelRegistry two = QuickWatchers.registry(config, List.of(MODEL, other));
    try (RepositoryWatcher both =
        QuickWatchers.watcher(config, List.of(MODEL, other), trusted, two, metrics)) {
      promote("v1", null, SigningKey.generate()); // MODEL's promotion does not verify
      both.cycle();
      // Past the first backoff: the next cycle retries.
      Thread.sleep(QuickWatchers.INITIAL_BACKOFF.toMillis() + 50);
      both.cycle();
      assertEquals(2, metrics.count("failure"), "MODEL's refusal, tried twice: " + metrics.reloads);
      assertTrue(two.notReadyReason(MODEL).contains("untrusted key"), two.notReadyReason(MODEL));
      assertTrue(
          two.notReadyReason(other).contains("no promotion of " + other),
          two.notReadyReason(other));
      assertEquals(
          1,
          log.stream().filter(l -> l.contains("model " + other + ": no promotion of")).count(),
          "said once, not at each retry of the other model: " + log);
    }
  }

  @Test
  void aWaitingModelSaysSoAgainOnceTheRepositoryIsReachableAgain() throws Exception {
    watcher.cycle();
    Path repository = Path.of(URI.create(url));
    Path away = repository.resolveSibling("moved-away.git");
    Files.move(repository, away);
    watcher.cycle();
    assertTrue(
        registry.notReadyReason(MODEL).contains("cannot fetch"), registry.notReadyReason(MODEL));
    Files.move(away, repository);
    Thread.sleep(QuickWatchers.MAX_BACKOFF.toMillis() + 50); // past the backoff
    watcher.cycle();
    assertTrue(
        registry.notReadyReason(MODEL).contains("no promotion of " + MODEL),
        "the same commit, looked at again: " + registry.notReadyReason(MODEL));
  }

  @Test
  void aChampionThatIsALinkIsRefusedNotAwaited() throws Exception {
    watcher.cycle();
    String bad =
        push(
            "CHAMPION as a link",
            wt -> {
              Path champion = wt.resolve(RepositoryLayout.championPath(MODEL));
              Files.createDirectories(champion.getParent());
              Files.createSymbolicLink(champion, Path.of("../../README.md"));
            });
    watcher.cycle();
    assertTrue(registry.current(MODEL).isEmpty());
    assertTrue(
        registry.notReadyReason(MODEL).contains("is not a regular file"),
        registry.notReadyReason(MODEL));
    assertEquals(1, metrics.count("failure"), metrics.reloads.toString());
    assertTrue(
        log.stream().anyMatch(l -> l.contains(bad) && l.contains("refused")), log.toString());
  }

  @Test
  void aChampionRemovedAfterAVersionIsServedIsARefusal() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "remove CHAMPION",
            wt -> Files.delete(wt.resolve(RepositoryLayout.championPath(MODEL))));
    assertRefused(v1, bad, "CHAMPION does not exist on the served branch");

    // Restarted, the sidecar serves nothing yet, but the branch's history had a CHAMPION: still
    // a refusal, counted, not "no promotion yet".
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(url, "main", Duration.ofSeconds(60), root.resolve("cache2"));
    ModelRegistry restarted = QuickWatchers.registry(config, List.of(MODEL));
    long failures = metrics.count("failure");
    try (RepositoryWatcher again =
        QuickWatchers.watcher(config, List.of(MODEL), trusted, restarted, metrics)) {
      again.cycle();
      assertTrue(restarted.current(MODEL).isEmpty());
      assertTrue(
          restarted.notReadyReason(MODEL).contains("CHAMPION does not exist"),
          restarted.notReadyReason(MODEL));
      assertEquals(failures + 1, metrics.count("failure"));
    }
  }

  @Test
  void anUnreachableRepositoryIsNotReadyWithTheReason() throws Exception {
    SidecarConfig.Repository config =
        new SidecarConfig.Repository(
            root.resolve("no-such.git").toUri().toString(),
            "main",
            Duration.ofSeconds(60),
            root.resolve("cache2"));
    ModelRegistry empty = QuickWatchers.registry(config, List.of(MODEL));
    try (RepositoryWatcher unreachable =
        new RepositoryWatcher(config, List.of(MODEL), trusted, empty, metrics)) {
      Duration next = unreachable.cycle();
      assertTrue(empty.current(MODEL).isEmpty());
      assertTrue(empty.notReadyReason(MODEL).contains("cannot fetch"), empty.notReadyReason(MODEL));
      assertEquals(1, metrics.count("failure"));
      assertTrue(
          next.compareTo(RepositoryWatcher.INITIAL_BACKOFF) <= 0
              && next.compareTo(Duration.ofMillis(500)) > 0,
          "the first retry comes after about 1 s: " + next);
    }
  }

  @Test
  void anUnsignedPromotionIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    // A complete promotion of a valid run whose record carries no signature and no key id: what
    // a hand-written record, or one whose signature was stripped, looks like.
    String bad =
        push(
            "promote v2, unsigned",
            signedVersion(
                    "v2",
                    dir -> {
                      /* the run is valid */
                    })
                .andThen(
                    wt -> {
                      Path record = versionDir(wt, "v2").resolve(PromotionRecord.FILE_NAME);
                      ObjectNode tree =
                          (ObjectNode) CanonicalJson.mapper().readTree(record.toFile());
                      assertNotNull(tree.remove("signature"), "the record had a signature");
                      assertNotNull(tree.remove("key_id"), "the record had a key id");
                      Files.writeString(record, CanonicalJson.pretty(tree));
                    }));
    assertRefused(v1, bad, "the promotion record of " + MODEL + " v2 is not signed");
  }

  @Test
  void aPromotionSignedByAnUntrustedKeyIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    SigningKey stranger = SigningKey.generate();
    String bad = promote("v2", "v1", stranger);
    assertRefused(v1, bad, "untrusted key " + stranger.id());
  }

  @Test
  void aTamperedModelFileIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "tamper",
            wt -> {
              Path model = versionDir(wt, "v1").resolve("model.tribuo");
              byte[] bytes = Files.readAllBytes(model);
              bytes[bytes.length / 2] ^= 1;
              Files.write(model, bytes);
            });
    assertRefused(v1, bad, "model.tribuo");
  }

  @Test
  void aTamperedManifestIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "lower the threshold",
            wt -> editManifest(versionDir(wt, "v1"), m -> m.put("threshold", 0.1)));
    assertRefused(v1, bad, "the manifest was changed after it was recorded");
  }

  @Test
  void aMissingLineageFieldIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "no snapshot",
            signedVersion("v2", dir -> editManifest(dir, m -> m.remove("snapshot_id"))));
    assertRefused(v1, bad, "lineage incomplete");
  }

  @Test
  void championNamingAMissingVersionIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push("point at v9", wt -> write(wt.resolve(RepositoryLayout.championPath(MODEL)), "v9\n"));
    assertRefused(v1, bad, "CHAMPION names version v9");
  }

  @Test
  void aChampionPathLeavingTheVersionFolderIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "escape",
            wt -> write(wt.resolve(RepositoryLayout.championPath(MODEL)), "../../.mlops\n"));
    assertRefused(v1, bad, "not one safe path segment");
  }

  @Test
  void aSymbolicLinkOutOfTheVersionFolderIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "link",
            wt -> {
              Path file = versionDir(wt, "v1").resolve("baseline_stats.json");
              Files.delete(file);
              Files.createSymbolicLink(file, Path.of("../../../../.mlops/policy.yaml"));
            });
    assertRefused(v1, bad, "symbolic link");
  }

  @Test
  void aCorruptProtobufThatMatchesItsSignedHashIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "corrupt model, re-signed",
            signedVersion(
                "v2",
                dir -> {
                  Path model = dir.resolve("model.tribuo");
                  Files.write(
                      model, "not a protobuf".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                  editManifest(
                      dir,
                      m ->
                          ((ObjectNode) m.get("artifacts"))
                              .put("model.tribuo", Sha256.ofFileUnchecked(model)));
                }));
    assertRefused(v1, bad, "the model does not load");
  }

  @Test
  void goldenExamplesThatDoNotReproduceAreRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "golden off by a little, re-signed",
            signedVersion(
                "v2",
                dir ->
                    editManifest(
                        dir,
                        m -> {
                          ObjectNode first = (ObjectNode) m.get("golden_examples").get(0);
                          first.put("probability", first.get("probability").asDouble() + 1e-12);
                        })));
    assertRefused(v1, bad, "golden");
  }

  @Test
  void aChampionChangePushedWithoutAPromotionRecordIsRefused() throws Exception {
    ServedModel v1 = servingV1();
    String bad =
        push(
            "serve v2 without promotion",
            wt -> {
              Path dir = TrustFixtures.sampleRunAs(versionDir(wt, "v2"), "v2");
              TrustFixtures.writeVerdict(dir.resolve(GateVerdict.FILE_NAME), dir, "v1", true);
              write(wt.resolve(RepositoryLayout.championPath(MODEL)), "v2\n");
            });
    assertRefused(v1, bad, "without a promotion or rollback record");
  }

  @Test
  void championPointedBackByHandAtAValidVersionIsRefused() throws Exception {
    servingV1();
    promote("v2", "v1");
    watcher.cycle();
    ServedModel v2 = serving();
    assertEquals("v2", v2.version());
    String bad =
        push(
            "back to v1 by hand",
            wt -> write(wt.resolve(RepositoryLayout.championPath(MODEL)), "v1\n"));
    long failures = metrics.count("failure");
    watcher.cycle();
    assertSame(v2, serving());
    assertEquals(failures + 1, metrics.count("failure"));
    assertTrue(
        log.stream()
            .anyMatch(l -> l.contains(bad) && l.contains("without a promotion or rollback record")),
        log.toString());
  }

  @Test
  void aSignedRollbackIsServedAndOneSignedByAStrangerIsNot() throws Exception {
    servingV1();
    promote("v2", "v1");
    watcher.cycle();
    assertEquals("v2", serving().version());
    String rollback =
        new Rollback()
            .setRepositoryUrl(url)
            .setModel(MODEL)
            .setToVersion("v1")
            .setReason("v2 alerts on every device since the firmware update")
            .setApproval(
                new Approval(
                    "ml-owner",
                    "omar",
                    NOW.minus(Duration.ofMinutes(10)),
                    TrustFixtures.manifestSha(root.resolve("runs/v1"))))
            .setPolicy(TrustFixtures.policy())
            .setTrustedKeys(trusted)
            .setSigningKey(key.pair().getPrivate(), key.id())
            .setRolledBackBy("pat")
            .setClock(Clock.fixed(NOW, ZoneOffset.UTC))
            .call()
            .commitId();
    watcher.cycle();
    assertEquals("v1", serving().version());
    assertEquals(rollback, serving().commit());

    // The same rollback signed by a stranger: the record is there but does not verify.
    ServedModel v1 = serving();
    promote("v3", "v1");
    watcher.cycle();
    ServedModel v3 = serving();
    assertEquals("v3", v3.version());
    SigningKey stranger = SigningKey.generate();
    String forged =
        push(
            "forged rollback",
            wt -> {
              try {
                Path dir = wt.resolve(RepositoryLayout.rollbacksPath(MODEL));
                Files.createDirectories(dir);
                RollbackRecord record =
                    new RollbackRecord(
                        MODEL,
                        "v3",
                        "v1",
                        "forged",
                        new Approval(
                            "ml-owner",
                            "omar",
                            NOW,
                            TrustFixtures.manifestSha(root.resolve("runs/v1"))),
                        "mallory",
                        NOW,
                        null,
                        null);
                Files.writeString(
                    dir.resolve("20261126T130000Z.json"),
                    CanonicalJson.pretty(
                        RecordSignatures.sign(
                            record, stranger.pair().getPrivate(), stranger.id())));
                write(wt.resolve(RepositoryLayout.championPath(MODEL)), "v1\n");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    watcher.cycle();
    assertSame(v3, serving());
    assertTrue(
        log.stream().anyMatch(l -> l.contains(forged) && l.contains("untrusted key")),
        log.toString());
    assertEquals("v1", v1.version());
  }

  @Test
  void refreshNowPicksUpANewCommitWithinASecond() throws Exception {
    promote("v1", null);
    watcher.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (registry.current(MODEL).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals("v1", serving().version());
    String v2Commit = promote("v2", "v1");
    long asked = System.nanoTime();
    watcher.refreshNow();
    assertTrue(
        Duration.ofNanos(System.nanoTime() - asked).toMillis() < 50, "refreshNow returns at once");
    while (!watcher.lastFetchedCommit().orElse("").equals(v2Commit)
        && System.nanoTime() - asked < Duration.ofSeconds(5).toNanos()) {
      Thread.sleep(5);
    }
    long fetchedMs = Duration.ofNanos(System.nanoTime() - asked).toMillis();
    // The poll interval is 60 s: only the refresh explains a fetch this soon. The bound leaves room
    // for a fetch on the two cores the builds share.
    assertTrue(fetchedMs < 1_500, "fetched after " + fetchedMs + " ms");
    while (!"v2".equals(serving().version())
        && System.nanoTime() - asked < Duration.ofSeconds(10).toNanos()) {
      Thread.sleep(10);
    }
    assertEquals("v2", serving().version());
    assertEquals(v2Commit, serving().commit());
  }
}

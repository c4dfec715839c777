package dev.mlopssuite.sidecar.testing;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.STARTER;

import dev.mlopssuite.modelrepo.Promote;
import dev.mlopssuite.trust.testing.TrustFixtures;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** Real, signed promotions of runtime's committed sample run, for the sidecar's tests. */
public final class SamplePromotions {
  private SamplePromotions() {}

  /**
   * Promotes the sample run as {@code version} over {@code championBefore} (null for the first)
   * into the model repository at {@code url}, signed by {@code signer}; the runs and verdicts are
   * written under {@code root}. Returns the promotion's commit id.
   */
  public static String promote(
      String url, Path root, String version, String championBefore, SigningKey signer)
      throws Exception {
    Path run = TrustFixtures.sampleRunAs(root.resolve("runs").resolve(version), version);
    String championSha =
        championBefore == null
            ? "0".repeat(64)
            : TrustFixtures.manifestSha(root.resolve("runs").resolve(championBefore));
    Path verdict =
        TrustFixtures.writeVerdict(
            root.resolve("verdicts").resolve(version + ".json"),
            run,
            championBefore,
            championSha,
            true);
    return new Promote()
        .setRepositoryUrl(url)
        .setModel(MODEL)
        .setRunDirectory(run)
        .setVerdict(verdict)
        .setApprovals(TrustFixtures.approvals(TrustFixtures.manifestSha(run)))
        .setPolicy(TrustFixtures.policy())
        .setSigningKey(signer.pair().getPrivate(), signer.id())
        .setPromotedBy("pat")
        .setStartedBy(STARTER)
        .setClock(Clock.fixed(NOW, ZoneOffset.UTC))
        .call()
        .commitId();
  }
}

package dev.mlopssuite.sidecar.testing;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.STARTER;

import dev.mlopssuite.modelrepo.InitModelRepository;
import dev.mlopssuite.modelrepo.Promote;
import dev.mlopssuite.trust.testing.TrustFixtures;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** Real, signed promotions of runtime's committed sample run, for the sidecar's tests. */
public final class SamplePromotions {
  private SamplePromotions() {}

  /** The approval policy of the tests' model repositories ({@code .mlops/policy.yaml}). */
  public static final String POLICY =
      """
      requiredApprovals: [ml-owner, business-stakeholder]
      approvers:
        ml-owner: [olivia, omar]
        business-stakeholder: [bea, ben]
        risk-officer: [rita]
      maxApprovalAge: P7D
      bootstrapNeedsExtraApproval: true
      bootstrapApprovalRole: risk-officer
      """;

  /** {@link #POLICY} under the gate keys the batch side reads and the sidecar ignores. */
  public static final String POLICY_WITH_GATES =
      "minRecall: 0.25\nrelativeMode: absolute\n" + POLICY;

  /**
   * Creates the bare model repository {@code root/models.git} as init-model-repo does, from a
   * template under {@code root/template} holding {@code policy}; returns its URL.
   */
  public static String createRepository(Path root, String policy) throws Exception {
    Path template = root.resolve("template");
    Files.createDirectories(template.resolve(".mlops"));
    Files.createDirectories(template.resolve(".github"));
    Files.writeString(template.resolve(".mlops/policy.yaml"), policy);
    Files.writeString(template.resolve("CODEOWNERS"), "/models/ @ml-owners\n");
    Files.writeString(template.resolve("README.md"), "# Model repository\n");
    Files.writeString(template.resolve(".github/pull_request_template.md"), "## Promotion\n");
    return new InitModelRepository()
        .setDirectory(root.resolve("models.git"))
        .setTemplate(template)
        .setClock(Clock.fixed(NOW, ZoneOffset.UTC))
        .call()
        .url();
  }

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

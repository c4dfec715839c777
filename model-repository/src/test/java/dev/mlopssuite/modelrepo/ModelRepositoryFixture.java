package dev.mlopssuite.modelrepo;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.STARTER;

import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.TrustedKeys;
import dev.mlopssuite.trust.testing.TrustFixtures;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A real bare model repository made by {@link InitModelRepository} from a small template, runs to
 * promote (the committed sample under other versions), and a ready-made {@link Promote}.
 */
final class ModelRepositoryFixture {
  final Path root;
  final SigningKey key = SigningKey.generate();
  final TrustedKeys trusted = TrustedKeys.of(key.pair().getPublic());
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  Path bare;
  String url;
  private final java.util.Map<String, String> manifestShas = new java.util.HashMap<>();

  ModelRepositoryFixture(Path root) {
    this.root = root;
  }

  static Path template(Path dir) throws IOException {
    Files.createDirectories(dir.resolve(".mlops"));
    Files.createDirectories(dir.resolve(".github"));
    Files.writeString(
        dir.resolve(".mlops/policy.yaml"),
        "requiredApprovals: [ml-owner, business-stakeholder]\nbootstrapNeedsExtraApproval: true\n");
    Files.writeString(dir.resolve("CODEOWNERS"), "/.mlops/ @ml-owners\n/models/ @ml-owners\n");
    Files.writeString(dir.resolve("README.md"), "# Model repository\n");
    Files.writeString(
        dir.resolve(".github/pull_request_template.md"), "## Promotion\n- [ ] approvals\n");
    return dir;
  }

  ModelRepositoryFixture init() throws Exception {
    InitResult result =
        new InitModelRepository()
            .setDirectory(root.resolve("models.git"))
            .setTemplate(template(root.resolve("template")))
            .setClock(clock)
            .call();
    bare = result.directory();
    url = result.url();
    return this;
  }

  /** A run of the sample under a version of its own, with a passing verdict against a champion. */
  Run run(String version, String championBefore) {
    Path dir = TrustFixtures.sampleRunAs(root.resolve("runs").resolve(version), version);
    manifestShas.put(version, TrustFixtures.manifestSha(dir));
    Path verdict =
        TrustFixtures.writeVerdict(
            dir.resolve("verdict.json"),
            dir,
            championBefore,
            manifestShas.getOrDefault(championBefore, "0".repeat(64)),
            true);
    return new Run(dir, verdict, TrustFixtures.manifestSha(dir), version);
  }

  record Run(Path dir, Path verdict, String manifestSha, String version) {
    List<Approval> approvals() {
      return TrustFixtures.approvals(manifestSha);
    }
  }

  Promote promote(Run run) {
    return promote(run, url);
  }

  Promote promote(Run run, String repositoryUrl) {
    return new Promote()
        .setRepositoryUrl(repositoryUrl)
        .setModel(MODEL)
        .setRunDirectory(run.dir())
        .setVerdict(run.verdict())
        .setApprovals(run.approvals())
        .setPolicy(TrustFixtures.policy())
        .setSigningKey(key.pair().getPrivate(), key.id())
        .setPromotedBy("pat")
        .setStartedBy(STARTER)
        .setClock(clock);
  }
}

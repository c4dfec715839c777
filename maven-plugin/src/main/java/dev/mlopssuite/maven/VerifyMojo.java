package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.modelrepo.VerifyModelRepository;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.trust.ChainVerification;
import dev.mlopssuite.trust.TrustedKeys;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies a model repository's served branch, every model's whole champion chain: a signed
 * promotion by a trusted key, every file against its sha256, golden examples, lineage, approvals
 * against the repository's own policy. Prints a readable report and fails on any problem.
 */
@Mojo(name = "verify", requiresProject = false, threadSafe = true)
public class VerifyMojo extends AbstractRepositoryLoginMojo {
  /** The model repository: a path or any Git URL. */
  @Parameter(property = "mlops.modelRepo", defaultValue = "${basedir}/target/mlops/model-repo.git")
  private String modelRepo;

  /** A directory of trusted public keys (PEM). */
  @Parameter(property = "mlops.trustedKeys", defaultValue = "${basedir}/target/mlops/keys")
  private File trustedKeys;

  /** The branch whose CHAMPION files are served. */
  @Parameter(property = "mlops.servedBranch", defaultValue = "main")
  private String servedBranch;

  @Override
  public void execute() throws MojoFailureException {
    try {
      VerifyModelRepository verify =
          new VerifyModelRepository()
              .setRepositoryUrl(modelRepo)
              .setServedBranch(servedBranch)
              .setTrustedKeys(TrustedKeys.fromDirectory(trustedKeys.toPath()))
              .setPolicyReader(VerifyMojo::policy);
      List<ChainVerification> results =
          withLogin(modelRepo, login -> verify.setLogin(login).call());
      boolean valid = true;
      for (ChainVerification result : results) {
        if (result.valid()) {
          getLog().info("OK   " + result.model() + " " + result.version());
        } else {
          valid = false;
          getLog().error("FAIL " + result.model() + " " + result.version());
          result.problems().forEach(problem -> getLog().error("       - " + problem));
        }
      }
      if (results.isEmpty()) {
        getLog().info("no model has a champion yet on " + servedBranch);
      }
      if (!valid) {
        throw new MojoFailureException(
            "the model repository " + modelRepo + " does not verify: see the problems above");
      }
      getLog().info("verified: every champion chain on " + servedBranch + " holds");
    } catch (MlopsException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  private static dev.mlopssuite.trust.ApprovalPolicy policy(Path workTree) throws MlopsException {
    Path file = workTree.resolve(".mlops/policy.yaml");
    return PromotionPolicy.approvalPolicy(MlopsConfigLoader.readYaml(file, GatePolicy.class), file);
  }
}

package dev.mlopssuite.maven;

import dev.mlopssuite.modelrepo.InitModelRepository;
import dev.mlopssuite.modelrepo.InitResult;
import dev.mlopssuite.runtime.MlopsException;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates a model repository from mlops-suite's {@code model-repo-template/}: a local bare
 * repository by default (the embedded demo), with the policy, CODEOWNERS, pull-request template and
 * README on its served branch.
 */
@Mojo(name = "init-model-repo", requiresProject = false, threadSafe = true)
public class InitModelRepoMojo extends AbstractMojo {
  /** The repository to create. */
  @Parameter(property = "mlops.modelRepo", defaultValue = "${basedir}/target/mlops/model-repo.git")
  private File modelRepo;

  /** The template it starts from. */
  @Parameter(
      property = "mlops.template",
      defaultValue = "${maven.multiModuleProjectDirectory}/model-repo-template")
  private File template;

  /** The branch whose CHAMPION files are served. */
  @Parameter(property = "mlops.servedBranch", defaultValue = "main")
  private String servedBranch;

  /** Create a bare repository (the embedded default) rather than one with a work tree. */
  @Parameter(property = "mlops.bare", defaultValue = "true")
  private boolean bare;

  /** Keep an existing repository instead of failing (the demo runs this every time). */
  @Parameter(property = "mlops.ifMissing", defaultValue = "false")
  private boolean ifMissing;

  @Override
  public void execute() throws MojoFailureException {
    if (ifMissing && modelRepo.isDirectory()) {
      getLog().info("model repository kept: " + modelRepo);
      return;
    }
    try {
      InitResult result =
          new InitModelRepository()
              .setDirectory(modelRepo.toPath())
              .setTemplate(template.toPath())
              .setServedBranch(servedBranch)
              .setBare(bare)
              .setAuthor(System.getProperty("user.name", "mlops"))
              .call();
      getLog().info("model repository: " + result.directory() + " (" + result.url() + ")");
      getLog().info("served branch " + result.branch() + " at " + result.commitId());
    } catch (MlopsException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }
}

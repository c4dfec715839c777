package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.publish.AtomicFile;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.ApprovalRules;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records one approval of the evaluated run in the approvals file, after the trust module has
 * checked it: the approver is a member of the role in the policy, is not the person who started the
 * run, has not approved this run already (in any role), and approves this manifest's sha256. The
 * Jenkins library calls it for every answered input, so whoever can answer an input step gets no
 * bypass.
 */
@Mojo(name = "approve", requiresProject = false, threadSafe = true)
public class ApproveMojo extends AbstractMlopsMojo {
  /** The role approved in. */
  @Parameter(property = "mlops.role", required = true)
  private String role;

  /** Who approves. */
  @Parameter(property = "mlops.user", required = true)
  private String user;

  /** Who started the run. */
  @Parameter(property = "mlops.startedBy", required = true)
  private String startedBy;

  /** The evaluated run; default: the run of the last mlops:evaluate. */
  @Parameter(property = "mlops.run")
  private File runDirectory;

  /** The approvals file; default: approvals.json in the work directory. */
  @Parameter(property = "mlops.approvals")
  private File approvals;

  @Override
  protected void run(LoadedConfig config) throws MlopsException {
    Path run = runDirectory != null ? runDirectory.toPath() : EvaluatedRun.of(config);
    Path file =
        approvals != null ? approvals.toPath() : config.workDirectory().resolve("approvals.json");
    String manifestSha = Sha256.ofFileUnchecked(run.resolve("manifest.json"));
    List<Approval> existing = new ArrayList<>(PromotionPolicy.readApprovals(file));
    existing.removeIf(a -> !a.manifestSha256().equals(manifestSha)); // another run's approvals
    Approval approval = new Approval(role, user, Instant.now(), manifestSha);
    ApprovalRules.checkAddition(
        existing,
        approval,
        PromotionPolicy.approvalPolicy(
            PromotionPolicy.gatePolicy(config),
            config.resolve(config.config().training().policy())),
        startedBy,
        Instant.now());
    existing.add(approval);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFile.write(file, CanonicalJson.pretty(existing));
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the approvals file " + file + ": " + e.getMessage(), e);
    }
    getLog().info(user + " approved " + run.getFileName() + " as " + role + " (" + file + ")");
  }
}

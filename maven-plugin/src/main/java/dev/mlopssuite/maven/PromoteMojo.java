package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.batch.publish.GoalResults;
import dev.mlopssuite.modelrepo.Promote;
import dev.mlopssuite.modelrepo.PromotionResult;
import dev.mlopssuite.prhost.PullRequestException;
import dev.mlopssuite.prhost.PullRequestHost;
import dev.mlopssuite.prhost.PullRequestHosts;
import dev.mlopssuite.prhost.PullRequestRequest;
import dev.mlopssuite.prhost.Token;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.trust.KeyId;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Promotes the evaluated run: refuses unless every gate passed, the run verifies against the
 * verdict's manifest hash, it is not experimental, and the approvals satisfy the policy; then signs
 * {@code promotion.json}, commits the version folder and the CHAMPION change, pushes {@code
 * promote/<model>/<version>} and either fast-forwards the served branch (the embedded default) or
 * opens a pull request (-Dmlops.pullRequest=github|gitlab). A failed candidate goes to {@code
 * candidates/<model>/<version>} only. Writes results/promote.json.
 */
@Mojo(name = "promote", requiresProject = false, threadSafe = true)
public class PromoteMojo extends AbstractSigningMojo {
  /** The evaluated run; default: the run of the last mlops:evaluate (results/evaluate.json). */
  @Parameter(property = "mlops.run")
  private File runDirectory;

  /** The approvals file written by mlops:approve; default: approvals.json in the work directory. */
  @Parameter(property = "mlops.approvals")
  private File approvals;

  /** Who promotes (recorded and signed). */
  @Parameter(property = "mlops.promotedBy", defaultValue = "${user.name}")
  private String promotedBy;

  /** Who started the run; may not approve it. */
  @Parameter(property = "mlops.startedBy", required = true)
  private String startedBy;

  /** none (fast-forward the served branch of a local repository), github or gitlab. */
  @Parameter(property = "mlops.pullRequest", defaultValue = "none")
  private String pullRequest;

  /** GitHub: owner/repo; GitLab: the project id or path. */
  @Parameter(property = "mlops.pullRequest.repository")
  private String pullRequestRepository;

  /** The host's API base (GitHub Enterprise, a self-managed GitLab). */
  @Parameter(property = "mlops.pullRequest.baseUrl")
  private String pullRequestBaseUrl;

  /** The environment variable holding the host token (never logged). */
  @Parameter(property = "mlops.pullRequest.tokenVariable", defaultValue = "MLOPS_GIT_TOKEN")
  private String tokenVariable;

  /** A file holding the host token, instead of the environment variable. */
  @Parameter(property = "mlops.pullRequest.tokenFile")
  private File tokenFile;

  @Override
  protected void run(LoadedConfig config) throws MlopsException, MojoExecutionException {
    // Checked before promoting: a typo must not leave a promotion branch without its request.
    if (!pullRequest.equals("none") && !PullRequestHosts.HOSTS.contains(pullRequest)) {
      throw new MlopsException(
          "-Dmlops.pullRequest="
              + pullRequest
              + " is not a host: use none or one of "
              + PullRequestHosts.HOSTS);
    }
    Path run = runDirectory != null ? runDirectory.toPath() : EvaluatedRun.of(config);
    Path approvalsFile =
        approvals != null ? approvals.toPath() : config.workDirectory().resolve("approvals.json");
    GatePolicy gates = PromotionPolicy.gatePolicy(config);
    PrivateKey key = signingKey();
    KeyId keyId = signingKeyId();
    Promote promote =
        new Promote()
            .setRepositoryUrl(modelRepo)
            .setModel(config.config().model())
            .setRunDirectory(run)
            .setVerdict(run.resolve("verdict.json"))
            .setApprovals(PromotionPolicy.readApprovals(approvalsFile))
            .setPolicy(
                PromotionPolicy.approvalPolicy(
                    gates, config.resolve(config.config().training().policy())))
            .setSigningKey(key, keyId)
            .setPromotedBy(promotedBy)
            .setStartedBy(startedBy)
            .setServedBranch(servedBranch)
            .setFastForwardServedBranch(pullRequest.equals("none"));
    PromotionResult result = withLogin(modelRepo, login -> promote.setLogin(login).call());
    result.notes().forEach(note -> getLog().warn(note));
    String pullRequestUrl = null;
    if (!pullRequest.equals("none")) {
      pullRequestUrl = openPullRequest(result, run);
    }
    getLog().info("promotion commit " + result.commitId() + " on " + result.promoteBranch());
    getLog()
        .info(
            result.servedBranchUpdated()
                ? servedBranch + " now serves " + result.model() + " " + result.version()
                : "pull request: " + pullRequestUrl);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("goal", "promote");
    summary.put("model", result.model());
    summary.put("version", result.version());
    summary.put("commit", result.commitId());
    summary.put("branch", result.promoteBranch());
    summary.put("served", result.servedBranchUpdated());
    summary.put("champion_before", result.championBefore());
    summary.put("pull_request_url", pullRequestUrl);
    getLog().info("result: " + GoalResults.write(config.workDirectory(), "promote", summary));
  }

  private String openPullRequest(PromotionResult result, Path run) throws MlopsException {
    try {
      Token token =
          tokenFile != null
              ? Token.fromFile(tokenFile.toPath())
              : Token.fromEnvironment(tokenVariable);
      PullRequestHost host =
          PullRequestHosts.of(pullRequest, pullRequestRepository, pullRequestBaseUrl, token);
      return host.open(
              new PullRequestRequest(
                  result.promoteBranch(),
                  servedBranch,
                  "Promote " + result.model() + " " + result.version(),
                  Files.readString(run.resolve("evaluation.md"))))
          .url();
    } catch (PullRequestException e) {
      throw new MlopsException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read the evaluation report of " + run + ": " + e.getMessage(), e);
    }
  }
}

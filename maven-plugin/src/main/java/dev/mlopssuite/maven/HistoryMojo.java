package dev.mlopssuite.maven;

import dev.mlopssuite.modelrepo.ChampionChange;
import dev.mlopssuite.modelrepo.History;
import dev.mlopssuite.runtime.MlopsException;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A model's champions over time, from {@code git log} of its CHAMPION file on the served branch:
 * version, when, commit, who approved, why. Nothing but Git keeps this state.
 */
@Mojo(name = "history", requiresProject = false, threadSafe = true)
public class HistoryMojo extends AbstractRepositoryLoginMojo {
  /** The model repository: a path or any Git URL. */
  @Parameter(property = "mlops.modelRepo", defaultValue = "${basedir}/target/mlops/model-repo.git")
  private String modelRepo;

  /** The model (its folder under models/). */
  @Parameter(property = "mlops.model", required = true)
  private String model;

  /** The branch whose CHAMPION files are served. */
  @Parameter(property = "mlops.servedBranch", defaultValue = "main")
  private String servedBranch;

  @Override
  public void execute() throws MojoFailureException {
    try {
      List<ChampionChange> changes =
          withLogin(
              modelRepo,
              login ->
                  new History()
                      .setRepositoryUrl(modelRepo)
                      .setModel(model)
                      .setServedBranch(servedBranch)
                      .setLogin(login)
                      .call());
      if (changes.isEmpty()) {
        getLog().info(model + " has had no champion on " + servedBranch);
      }
      for (ChampionChange change : changes) {
        getLog()
            .info(
                String.format(
                    "%s  %-9s %-28s %s  approved by %s  %s",
                    change.committedAt(),
                    change.kind().name().toLowerCase(java.util.Locale.ROOT),
                    change.version(),
                    change.commitId().substring(0, 12),
                    change.approvers().isEmpty() ? "nobody" : String.join(", ", change.approvers()),
                    change.reason() == null ? "" : "— " + change.reason()));
      }
    } catch (MlopsException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }
}

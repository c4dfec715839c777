package dev.mlopssuite.modelrepo;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.ChainVerification;
import dev.mlopssuite.trust.ChampionChainVerifier;
import dev.mlopssuite.trust.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code mlops:verify}: every model's whole champion chain on the served branch, judged against the
 * repository's own policy (docs/trust-chain.md). Single use: configure, then {@link #call()}.
 */
public final class VerifyModelRepository {
  /** Reads the approval policy from a checked-out work tree (YAML parsing is the caller's). */
  @FunctionalInterface
  public interface PolicyReader {
    ApprovalPolicy read(Path workTree) throws MlopsException;
  }

  private String url;
  private RepositoryLogin login = RepositoryLogin.none();
  private String servedBranch = "main";
  private TrustedKeys keys;
  private PolicyReader policyReader;
  private boolean called;

  public VerifyModelRepository setRepositoryUrl(String url) {
    this.url = url;
    return this;
  }

  /** How to log in to the repository's remote (default: no login of its own; SSH uses ~/.ssh). */
  public VerifyModelRepository setLogin(RepositoryLogin login) {
    this.login = Objects.requireNonNull(login, "login");
    return this;
  }

  public VerifyModelRepository setServedBranch(String branch) {
    this.servedBranch = branch;
    return this;
  }

  public VerifyModelRepository setTrustedKeys(TrustedKeys keys) {
    this.keys = keys;
    return this;
  }

  public VerifyModelRepository setPolicyReader(PolicyReader reader) {
    this.policyReader = reader;
    return this;
  }

  /** One verification per model that has a CHAMPION file, in name order. */
  public List<ChainVerification> call() throws MlopsException {
    if (called) {
      throw new IllegalStateException("a VerifyModelRepository command runs once");
    }
    called = true;
    if (url == null || keys == null || policyReader == null) {
      throw new IllegalStateException("set the repository URL, trusted keys and policy reader");
    }
    try (RepositoryClone clone = RepositoryClone.of(url, servedBranch, login)) {
      Path workTree = clone.workTree();
      ChampionChainVerifier verifier = new ChampionChainVerifier(keys, policyReader.read(workTree));
      List<ChainVerification> results = new ArrayList<>();
      Path models = workTree.resolve("models");
      if (!Files.isDirectory(models)) {
        return results;
      }
      try (Stream<Path> entries = Files.list(models)) {
        for (Path model : entries.sorted().toList()) {
          if (Files.isRegularFile(model.resolve("CHAMPION"))) {
            results.add(verifier.verifyChampion(workTree, model.getFileName().toString()));
          }
        }
      } catch (IOException e) {
        throw new ModelRepositoryException(
            "cannot list the models of " + url + ": " + e.getMessage(), url, e);
      }
      return results;
    }
  }
}

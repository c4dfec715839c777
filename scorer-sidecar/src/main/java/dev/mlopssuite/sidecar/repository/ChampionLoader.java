package dev.mlopssuite.sidecar.repository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.sidecar.model.ServedModel;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.ChainVerification;
import dev.mlopssuite.trust.ChampionChainVerifier;
import dev.mlopssuite.trust.GateVerdict;
import dev.mlopssuite.trust.PromotionRecord;
import dev.mlopssuite.trust.RepositoryLayout;
import dev.mlopssuite.trust.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns a staged work tree into a {@link ServedModel}, verifying before deserializing
 * (docs/trust-chain.md, "What is checked where"; docs/scorer-sidecar.md, "Watching, verifying,
 * swapping"): the whole chain ({@link ChampionChainVerifier}), which checks the promotion record's
 * signature against the sidecar's own trusted keys first (an unknown signer gets no protobuf parsed
 * at all) and then runs the {@code RunVerifier} against the record's manifest sha256 (file hashes,
 * protobuf, golden examples bit for bit). The run it verified, model and calibrator loaded once, is
 * what is served; the chain's rules stay in one place (trust).
 */
final class ChampionLoader {
  private final TrustedKeys keys;

  ChampionLoader(TrustedKeys keys) {
    this.keys = keys;
  }

  ServedModel load(Path stage, ApprovalPolicy policy, String model, String commit)
      throws ModelRefusedException {
    String version = championOf(stage, model);
    Path dir = stage.resolve(RepositoryLayout.versionPath(model, version));
    ChainVerification chain = new ChampionChainVerifier(keys, policy).verifyChampion(stage, model);
    if (!chain.valid()) {
      throw new ModelRefusedException(
          "version "
              + chain.version()
              + " does not verify: "
              + String.join("; ", chain.problems()));
    }
    PromotionRecord record = chain.promotion();
    // A valid chain verified the run against the record's manifest sha256 and loaded it once.
    return ServedModel.of(
        model, version, record.manifestSha256(), commit, chain.run(), calibratedUsed(dir, version));
  }

  static String championOf(Path stage, String model) throws ModelRefusedException {
    Path file = stage.resolve(RepositoryLayout.championPath(model));
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ModelRefusedException(
          RepositoryLayout.championPath(model)
              + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                  ? " is not a regular file (a directory or a link): CHAMPION holds a version"
                      + " name; promote with mlops:promote"
                  : " does not exist on the served branch: promote a version of "
                      + model
                      + " first"));
    }
    try {
      String version = Files.readString(file).strip();
      if (!RepositoryLayout.isSafeName(version)) {
        throw new ModelRefusedException(
            RepositoryLayout.championPath(model)
                + " names '"
                + version
                + "', which is not one safe path segment: a path would leave the version folder;"
                + " point CHAMPION at a promoted version");
      }
      if (!Files.isDirectory(
          stage.resolve(RepositoryLayout.versionPath(model, version)), LinkOption.NOFOLLOW_LINKS)) {
        throw new ModelRefusedException(
            "CHAMPION names version "
                + version
                + ", but "
                + RepositoryLayout.versionPath(model, version)
                + " does not exist: point CHAMPION at a promoted version (see the history)");
      }
      return version;
    } catch (IOException e) {
      throw new ModelRefusedException(
          "cannot read " + RepositoryLayout.championPath(model) + ": " + e.getMessage(), e);
    }
  }

  /** The verdict's {@code probability}: "calibrated" when the calibrated output was judged. */
  private static boolean calibratedUsed(Path dir, String version) throws ModelRefusedException {
    try {
      JsonNode verdict =
          CanonicalJson.mapper().readTree(dir.resolve(GateVerdict.FILE_NAME).toFile());
      return "calibrated".equals(verdict.path("probability").asText());
    } catch (IOException e) {
      throw new ModelRefusedException(
          "version " + version + ": cannot read verdict.json: " + e.getMessage(), e);
    }
  }
}

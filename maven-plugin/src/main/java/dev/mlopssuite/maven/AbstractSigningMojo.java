package dev.mlopssuite.maven;

import dev.mlopssuite.trust.KeyFiles;
import dev.mlopssuite.trust.KeyId;
import dev.mlopssuite.trust.TrustException;
import java.io.File;
import java.security.PrivateKey;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that sign a change to the model repository share (mlops:promote, mlops:rollback):
 * the repository, its served branch and the signing key.
 */
abstract class AbstractSigningMojo extends AbstractMlopsMojo {
  /** The model repository: a path or any Git URL. */
  @Parameter(property = "mlops.modelRepo", defaultValue = "${basedir}/target/mlops/model-repo.git")
  protected String modelRepo;

  /** The branch whose CHAMPION files are served. */
  @Parameter(property = "mlops.servedBranch", defaultValue = "main")
  protected String servedBranch;

  /** The Ed25519 private key that signs (in Jenkins: a file credential). */
  @Parameter(
      property = "mlops.signingKey",
      defaultValue = "${basedir}/target/mlops/keys/signing-key.pem")
  private File signingKey;

  /** The signing key's id, when no public key file is at hand (a Jenkins credential). */
  @Parameter(property = "mlops.signingKeyId")
  private String signingKeyId;

  /** The public half, for the key id; default: signing-key.pub.pem beside the private key. */
  @Parameter(property = "mlops.signingPublicKey")
  private File signingPublicKey;

  protected PrivateKey signingKey() throws TrustException {
    return KeyFiles.readPrivateKey(signingKey.toPath());
  }

  protected KeyId signingKeyId() throws TrustException {
    return SigningKeys.keyId(signingKey, signingPublicKey, signingKeyId);
  }
}

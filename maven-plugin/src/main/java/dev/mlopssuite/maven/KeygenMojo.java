package dev.mlopssuite.maven;

import dev.mlopssuite.trust.KeyFiles;
import dev.mlopssuite.trust.KeyId;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes an Ed25519 key pair for signing promotions: {@code signing-key.pem} (PKCS#8, readable by
 * its owner only) and {@code signing-key.pub.pem} (X.509), and prints the key id a scorer must
 * trust. Never overwrites an existing key. In production the private key is a Jenkins credential.
 */
@Mojo(name = "keygen", requiresProject = false, threadSafe = true)
public class KeygenMojo extends AbstractMojo {
  /** Where the key pair is written. */
  @Parameter(property = "mlops.keyDirectory", defaultValue = "${basedir}/target/mlops/keys")
  private File keyDirectory;

  /** Keep an existing key pair instead of failing (the demo runs keygen every time). */
  @Parameter(property = "mlops.ifMissing", defaultValue = "false")
  private boolean ifMissing;

  @Override
  public void execute() throws MojoFailureException {
    Path dir = keyDirectory.toPath();
    Path privateKey = dir.resolve("signing-key.pem");
    Path publicKey = dir.resolve("signing-key.pub.pem");
    if (ifMissing && Files.exists(privateKey) && Files.exists(publicKey)) {
      getLog().info("signing key kept: " + privateKey);
      return;
    }
    if (Files.exists(privateKey) || Files.exists(publicKey)) {
      throw new MojoFailureException(
          "a signing key already exists in "
              + dir
              + ": keygen never overwrites a key; remove it first or choose -Dmlops.keyDirectory");
    }
    try {
      Files.createDirectories(dir);
      KeyPair pair = KeyFiles.generate();
      KeyFiles.writePrivateKey(privateKey, pair.getPrivate());
      KeyFiles.writePublicKey(publicKey, pair.getPublic());
      getLog().info("private key: " + privateKey + " (owner read/write only)");
      getLog().info("public key:  " + publicKey);
      getLog().info("key id:      " + KeyId.of(pair.getPublic()));
    } catch (IOException e) {
      throw new MojoFailureException(
          "cannot write the key pair into " + dir + ": " + e.getMessage(), e);
    }
  }
}

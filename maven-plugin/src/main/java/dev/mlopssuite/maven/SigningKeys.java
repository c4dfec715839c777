package dev.mlopssuite.maven;

import dev.mlopssuite.trust.KeyFiles;
import dev.mlopssuite.trust.KeyId;
import dev.mlopssuite.trust.TrustException;
import java.io.File;
import java.nio.file.Path;

/**
 * Where a goal finds the public half of its signing key (mlops:keygen writes both side by side).
 */
final class SigningKeys {
  private SigningKeys() {}

  static KeyId keyId(File privateKey, File publicKey) throws TrustException {
    return keyId(privateKey, publicKey, null);
  }

  /**
   * The key id: given outright ({@code -Dmlops.signingKeyId}, when a Jenkins credential holds only
   * the private key), or computed from the public key file.
   */
  static KeyId keyId(File privateKey, File publicKey, String given) throws TrustException {
    if (given != null && !given.isBlank()) {
      try {
        return new KeyId(given.trim());
      } catch (IllegalArgumentException e) {
        throw new TrustException(
            "-Dmlops.signingKeyId="
                + given
                + " is not a key id: use the ed25519:… id mlops:keygen printed",
            given);
      }
    }
    Path publicFile =
        publicKey != null
            ? publicKey.toPath()
            : privateKey
                .toPath()
                .resolveSibling(privateKey.getName().replaceFirst("\\.pem$", "") + ".pub.pem");
    if (!publicFile.toFile().isFile()) {
      throw new TrustException(
          "no public key beside the signing key ("
              + publicFile
              + "): give its id with -Dmlops.signingKeyId=ed25519:… or its file with"
              + " -Dmlops.signingPublicKey=FILE",
          publicFile.toString());
    }
    return KeyId.of(KeyFiles.readPublicKey(publicFile));
  }
}

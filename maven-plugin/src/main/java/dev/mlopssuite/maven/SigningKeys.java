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
    Path publicFile =
        publicKey != null
            ? publicKey.toPath()
            : privateKey
                .toPath()
                .resolveSibling(privateKey.getName().replaceFirst("\\.pem$", "") + ".pub.pem");
    return KeyId.of(KeyFiles.readPublicKey(publicFile));
  }
}

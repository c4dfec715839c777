package dev.mlopssuite.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void keysRoundTripThroughPemAndThePrivateKeyIsOwnerOnly() throws Exception {
    KeyPair pair = KeyFiles.generate();
    Path priv = dir.resolve("promotion.key");
    Path pub = dir.resolve("promotion.pem");
    KeyFiles.writePrivateKey(priv, pair.getPrivate());
    KeyFiles.writePublicKey(pub, pair.getPublic());

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));

    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(KeyFiles.readPrivateKey(priv));
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(KeyFiles.readPublicKey(pub));
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature));
    assertEquals(KeyId.of(pair.getPublic()), KeyId.of(KeyFiles.readPublicKey(pub)));
  }

  @Test
  void aKeyFileIsNeverReplaced() throws Exception {
    KeyPair pair = KeyFiles.generate();
    KeyFiles.writePrivateKey(dir.resolve("k"), pair.getPrivate());
    assertThrows(
        FileAlreadyExistsException.class,
        () -> KeyFiles.writePrivateKey(dir.resolve("k"), pair.getPrivate()));
    KeyFiles.writePublicKey(dir.resolve("p"), pair.getPublic());
    assertThrows(
        FileAlreadyExistsException.class,
        () -> KeyFiles.writePublicKey(dir.resolve("p"), pair.getPublic()));
  }

  @Test
  void theKeyIdIsTheSha256OfTheDerEncoding() {
    KeyPair pair = KeyFiles.generate();
    KeyId id = KeyId.of(pair.getPublic());
    assertTrue(id.value().matches("ed25519:[0-9a-f]{16}"), id.value());
    assertEquals(
        "ed25519:"
            + dev.mlopssuite.runtime.lineage.Sha256.of(pair.getPublic().getEncoded())
                .substring(0, 16),
        id.value());
    assertThrows(IllegalArgumentException.class, () -> new KeyId("rsa:0123"));
  }

  @Test
  void trustedKeysReadADirectoryAndFindByKeyId() throws Exception {
    KeyPair a = KeyFiles.generate();
    KeyPair b = KeyFiles.generate();
    KeyFiles.writePublicKey(dir.resolve("a.pem"), a.getPublic());
    KeyFiles.writePublicKey(dir.resolve("b.pem"), b.getPublic());
    KeyFiles.writePrivateKey(dir.resolve("a-private.pem"), a.getPrivate());
    TrustedKeys keys = TrustedKeys.fromDirectory(dir);
    assertEquals(2, keys.ids().size());
    assertEquals(a.getPublic(), keys.find(KeyId.of(a.getPublic())).orElseThrow());
    assertTrue(keys.find(KeyId.of(KeyFiles.generate().getPublic())).isEmpty());
  }

  @Test
  void aFileThatIsNoKeyIsAnErrorNamingTheFile() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "hello");
    TrustException e =
        assertThrows(TrustException.class, () -> TrustedKeys.fromFiles(java.util.List.of(junk)));
    assertEquals(junk.toString(), e.value());
  }
}

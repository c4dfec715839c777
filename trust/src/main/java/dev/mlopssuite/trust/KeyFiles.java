package dev.mlopssuite.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys (JDK built-in, JEP 339) and their PEM files (docs/trust-chain.md, "Keys"): the
 * private key as PKCS#8 ({@code PRIVATE KEY}), readable by its owner only; the public key as X.509
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}), the form {@code openssl pkey -pubout} writes.
 */
public final class KeyFiles {
  static final String ALGORITHM = "Ed25519";
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private KeyFiles() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK since 15 ships Ed25519", e);
    }
  }

  /**
   * Writes a private key, refusing to replace an existing file. On a POSIX file system the file is
   * created rw------- (the permission is given at creation, so the key is never readable by others,
   * not even for a moment); elsewhere the file system's defaults apply.
   */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    byte[] pem = pem(PRIVATE, key.getEncoded());
    if (Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class)
        != null) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.write(file, pem, StandardOpenOption.CREATE_NEW);
    }
  }

  /** Writes a public key, refusing to replace an existing file. */
  public static void writePublicKey(Path file, PublicKey key) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    Files.write(file, pem(PUBLIC, key.getEncoded()), StandardOpenOption.CREATE_NEW);
  }

  public static PrivateKey readPrivateKey(Path file) throws TrustException {
    byte[] der = readPem(file, PRIVATE);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new TrustException(
          file + " is not an Ed25519 private key (" + e.getMessage() + "): generate one",
          "" + file,
          e);
    }
  }

  public static PublicKey readPublicKey(Path file) throws TrustException {
    byte[] der = readPem(file, PUBLIC);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new TrustException(
          file + " is not an Ed25519 public key (" + e.getMessage() + "): export it again",
          "" + file,
          e);
    }
  }

  private static byte[] pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] readPem(Path file, String type) throws TrustException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new TrustException(
          "cannot read the key file " + file + ": " + e.getMessage(), "" + file, e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new TrustException(
          file + " holds no '" + begin + "' block: give a PEM file of that type", "" + file);
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new TrustException(
          file + " has a damaged PEM body: export the key again", "" + file, e);
    }
  }
}

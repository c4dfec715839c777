package dev.mlopssuite.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs and verifies promotion and rollback records (docs/trust-chain.md, "Signatures"): Ed25519
 * over the RFC 8785 form of the record without its {@code signature} field ({@code key_id}
 * included, so the key cannot be swapped). A verifier believes only keys in its own {@link
 * TrustedKeys}.
 */
public final class RecordSignatures {
  private RecordSignatures() {}

  public static PromotionRecord sign(PromotionRecord unsigned, PrivateKey key, KeyId keyId)
      throws TrustException {
    PromotionRecord withKey = unsigned.withSignature(keyId.value(), null);
    return withKey.withSignature(keyId.value(), signature(signedBytes(withKey), key, keyId));
  }

  public static RollbackRecord sign(RollbackRecord unsigned, PrivateKey key, KeyId keyId)
      throws TrustException {
    RollbackRecord withKey = unsigned.withSignature(keyId.value(), null);
    return withKey.withSignature(keyId.value(), signature(signedBytes(withKey), key, keyId));
  }

  public static void verify(PromotionRecord record, TrustedKeys keys) throws TrustException {
    check(
        signedBytes(record),
        record.keyId(),
        record.signature(),
        keys,
        "the promotion record of " + record.model() + " " + record.version(),
        "promote again with mlops:promote");
  }

  public static void verify(RollbackRecord record, TrustedKeys keys) throws TrustException {
    check(
        signedBytes(record),
        record.keyId(),
        record.signature(),
        keys,
        "the rollback record of " + record.model() + " to " + record.toVersion(),
        "roll back again with mlops:rollback");
  }

  /** The bytes signed: JCS of the record's JSON with the {@code signature} field removed. */
  static byte[] signedBytes(Object record) {
    ObjectNode tree = CanonicalJson.mapper().valueToTree(record);
    tree.remove("signature");
    return Jcs.canonicalize(CanonicalJson.canonical(tree)).getBytes(StandardCharsets.UTF_8);
  }

  private static String signature(byte[] data, PrivateKey key, KeyId keyId) throws TrustException {
    try {
      Signature signer = Signature.getInstance(KeyFiles.ALGORITHM);
      signer.initSign(key);
      signer.update(data);
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new TrustException(
          "cannot sign with the key " + keyId + " (" + e.getMessage() + "): give an Ed25519 key",
          keyId.value(),
          e);
    }
  }

  /**
   * @param remedy how to get a signed record instead of an unsigned one
   */
  private static void check(
      byte[] data, String keyId, String signature, TrustedKeys keys, String what, String remedy)
      throws TrustException {
    if (signature == null || signature.isBlank()) {
      // Said apart from a bad signature: an unsigned record was written by hand (or stripped),
      // not changed after signing.
      throw new TrustException(
          what
              + " is not signed (key_id "
              + (keyId == null ? "absent" : "'" + keyId + "'")
              + ", no signature): only records written and signed by mlops:promote or"
              + " mlops:rollback are trusted; "
              + remedy
              + " rather than writing a record by hand",
          keyId);
    }
    KeyId id;
    try {
      id = new KeyId(keyId);
    } catch (IllegalArgumentException e) {
      throw new TrustException(
          what
              + (keyId == null ? " has no key_id" : " names no valid key id ('" + keyId + "')")
              + ": it was not signed by this suite",
          keyId,
          e);
    }
    PublicKey key =
        keys.find(id)
            .orElseThrow(
                () ->
                    new TrustException(
                        what
                            + " is signed by the untrusted key "
                            + keyId
                            + " (trusted: "
                            + keys.ids()
                            + "): add that key's public PEM to the trusted keys only if it is the"
                            + " promotion key",
                        keyId));
    boolean valid;
    try {
      Signature verifier = Signature.getInstance(KeyFiles.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(data);
      valid = verifier.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      throw new TrustException(
          what
              + " has a signature that does not verify with key "
              + keyId
              + ": a field was changed after signing; restore the record from the model"
              + " repository, never edit it",
          keyId);
    }
  }
}

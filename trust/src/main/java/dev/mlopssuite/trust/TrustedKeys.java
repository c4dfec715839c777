package dev.mlopssuite.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The public keys whose signatures are believed, by key id (docs/trust-chain.md, "Keys"). A
 * verifier trusts only the keys in its own configuration, never a key a record brings along.
 */
public final class TrustedKeys {
  private final Map<KeyId, PublicKey> keys;

  private TrustedKeys(Map<KeyId, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  public static TrustedKeys of(Collection<PublicKey> keys) {
    Map<KeyId, PublicKey> byId = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    keys.forEach(k -> byId.put(KeyId.of(k), k));
    return new TrustedKeys(byId);
  }

  public static TrustedKeys of(PublicKey... keys) {
    return of(List.of(keys));
  }

  /** Reads listed public-key PEM files; any that does not read is an error, never skipped. */
  public static TrustedKeys fromFiles(List<Path> files) throws TrustException {
    List<PublicKey> keys = new ArrayList<>();
    for (Path file : files) {
      keys.add(KeyFiles.readPublicKey(file));
    }
    return of(keys);
  }

  /** Reads every {@code *.pem} file of a directory that holds a public key. */
  public static TrustedKeys fromDirectory(Path dir) throws TrustException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path file : entries.sorted().toList()) {
        // A private key file left in the directory is skipped rather than read: it is not a
        // statement of trust, and reading it would put it in memory for nothing.
        if (file.getFileName().toString().endsWith(".pem")
            && Files.isRegularFile(file)
            && Files.readString(file).contains("-----BEGIN PUBLIC KEY-----")) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new TrustException(
          "cannot list the trusted-keys directory " + dir + ": " + e.getMessage(), "" + dir, e);
    }
    if (files.isEmpty()) {
      throw new TrustException(
          "the trusted-keys directory "
              + dir
              + " holds no public-key PEM file: add the promotion key's public PEM",
          "" + dir);
    }
    return fromFiles(files);
  }

  public Optional<PublicKey> find(KeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  public java.util.Set<KeyId> ids() {
    return keys.keySet();
  }
}

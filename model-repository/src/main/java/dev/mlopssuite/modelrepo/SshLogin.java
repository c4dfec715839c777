package dev.mlopssuite.modelrepo;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.agent.ConnectorFactory;

/**
 * How a command logs in to a model repository over SSH (docs/model-repository.md, "Reaching the
 * repository over SSH"): the private key and {@code known_hosts} come from one directory laid out
 * as {@code ~/.ssh} is, so a Kubernetes secret or a CI credential can be mounted as it is. A server
 * whose host key is not in {@code known_hosts} is refused: nothing asks whether to trust it. The
 * key must have no passphrase (a read-only deploy key for the sidecar).
 *
 * <p>JGit's Apache MINA SSH client does the work; {@code net.i2p.crypto:eddsa} gives it Ed25519
 * keys, which Java 17's own providers do not offer it.
 */
public final class SshLogin implements AutoCloseable {
  /** The private keys looked for, as OpenSSH does, when the directory has no {@code config}. */
  static final List<String> DEFAULT_IDENTITIES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final Path directory;
  private final SshdSessionFactory sessions;

  private SshLogin(Path directory, SshdSessionFactory sessions) {
    this.directory = directory;
    this.sessions = sessions;
  }

  /** Whether {@code url} is reached over SSH ({@code ssh://} or {@code user@host:path}). */
  public static boolean isSshUrl(String url) {
    try {
      URIish uri = new URIish(url);
      String scheme = uri.getScheme();
      if (scheme == null) {
        // scp-like: host:path (a local path has no host)
        return uri.getHost() != null && !uri.getHost().isEmpty();
      }
      return scheme.equals("ssh") || scheme.equals("ssh+git") || scheme.equals("git+ssh");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Logs in with the key and {@code known_hosts} of {@code directory}; without an OpenSSH {@code
   * config} file there it must hold {@code known_hosts} and one of {@link #DEFAULT_IDENTITIES}.
   *
   * @throws ModelRepositoryException naming what is missing and how to add it
   */
  public static SshLogin fromDirectory(Path directory) throws ModelRepositoryException {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ModelRepositoryException(
          "the SSH directory "
              + dir
              + " does not exist: create it with the private key ("
              + String.join(", ", DEFAULT_IDENTITIES)
              + ") and known_hosts, as in ~/.ssh",
          dir.toString());
    }
    if (!Files.exists(dir.resolve("config"))) {
      // With an OpenSSH config the user chose the files; without one, say now what is missing
      // rather than at every fetch.
      if (!Files.isRegularFile(dir.resolve("known_hosts"))) {
        throw new ModelRepositoryException(
            "the SSH directory "
                + dir
                + " has no known_hosts: add the repository server's host key (for example"
                + " `ssh-keyscan -p <port> <host> >> known_hosts`, checked against the key the"
                + " server's owner publishes); a server whose key is not there is refused",
            dir.toString());
      }
      if (DEFAULT_IDENTITIES.stream().noneMatch(name -> Files.isRegularFile(dir.resolve(name)))) {
        throw new ModelRepositoryException(
            "the SSH directory "
                + dir
                + " has no private key: add one as "
                + String.join(", ", DEFAULT_IDENTITIES)
                + " (without a passphrase; a read-only deploy key is enough to fetch)",
            dir.toString());
      }
    }
    SshdSessionFactory sessions = new StrictSessions();
    sessions.setHomeDirectory(homeOf(dir));
    sessions.setSshDirectory(dir.toFile());
    return new SshLogin(dir, sessions);
  }

  /**
   * JGit's SSH sessions with host keys always checked: an OpenSSH {@code config} in the directory
   * may choose keys and files, but its {@code StrictHostKeyChecking no} or {@code accept-new} would
   * let an unknown server in, so it reads as {@code yes}. No key cache (keys are read from the
   * directory when a session opens) and no SSH agent.
   */
  private static final class StrictSessions extends SshdSessionFactory {
    StrictSessions() {
      super(null, null);
    }

    @Override
    protected SshConfigStore createSshConfigStore(File home, File configFile, String localUser) {
      SshConfigStore store = super.createSshConfigStore(home, configFile, localUser);
      return new SshConfigStore() {
        @Override
        public HostConfig lookup(String host, int port, String user) {
          return strict(store.lookup(host, port, user));
        }

        @Override
        public HostConfig lookupDefault(String host, int port, String user) {
          return strict(store.lookupDefault(host, port, user));
        }
      };
    }

    @Override
    protected ConnectorFactory getConnectorFactory() {
      return null;
    }
  }

  private static SshConfigStore.HostConfig strict(SshConfigStore.HostConfig config) {
    return new SshConfigStore.HostConfig() {
      @Override
      public String getValue(String key) {
        return isStrictness(key) ? "yes" : config.getValue(key);
      }

      @Override
      public List<String> getValues(String key) {
        return isStrictness(key) ? List.of("yes") : config.getValues(key);
      }

      @Override
      public Map<String, String> getOptions() {
        Map<String, String> options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        options.putAll(config.getOptions());
        options.put(SshConstants.STRICT_HOST_KEY_CHECKING, "yes");
        return options;
      }

      @Override
      public Map<String, List<String>> getMultiValuedOptions() {
        return config.getMultiValuedOptions();
      }
    };
  }

  private static boolean isStrictness(String key) {
    return SshConstants.STRICT_HOST_KEY_CHECKING.equalsIgnoreCase(key);
  }

  // The user's home when the directory is ~/.ssh, so that '~' in a config means what it does for
  // ssh; otherwise the directory's parent (a mounted secret has no home of its own).
  private static File homeOf(Path sshDirectory) {
    Path home = Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize();
    if (sshDirectory.equals(home.resolve(".ssh")) || sshDirectory.getParent() == null) {
      return home.toFile();
    }
    return sshDirectory.getParent().toFile();
  }

  /** The directory the key and {@code known_hosts} come from. */
  public Path directory() {
    return directory;
  }

  /** Sets this login on SSH transports; other transports are left as they are. */
  public TransportConfigCallback transportConfig() {
    return transport -> {
      if (transport instanceof SshTransport ssh) {
        ssh.setSshSessionFactory(sessions);
      }
    };
  }

  @Override
  public void close() {
    sessions.close();
  }
}

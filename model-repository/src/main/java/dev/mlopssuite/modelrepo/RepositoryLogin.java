package dev.mlopssuite.modelrepo;

import java.io.IOException;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * How a command logs in to the model repository's remote (docs/model-repository.md, "Logging in to
 * the repository"): nothing (a local path, {@code git://}, a public HTTPS repository, or SSH with
 * the user's {@code ~/.ssh}), a user name and password or access token for HTTP(S), or an {@link
 * SshLogin} from a directory of its own. Applied to every clone, fetch and push the command makes;
 * the scorer sidecar's fetches use it too.
 */
public final class RepositoryLogin implements AutoCloseable {
  private static final RepositoryLogin NONE = new RepositoryLogin(null, null);

  private final CredentialsProvider http;
  private final SshLogin ssh;

  private RepositoryLogin(CredentialsProvider http, SshLogin ssh) {
    this.http = http;
    this.ssh = ssh;
  }

  /** No login of its own: SSH uses the user's {@code ~/.ssh}, as {@code git} does. */
  public static RepositoryLogin none() {
    return NONE;
  }

  /** HTTP Basic with {@code username} and a password or access token (never logged). */
  public static RepositoryLogin http(String username, char[] password) {
    return new RepositoryLogin(new UsernamePasswordCredentialsProvider(username, password), null);
  }

  /**
   * SSH with the key and {@code known_hosts} of {@code login}'s directory; closes it when closed.
   */
  public static RepositoryLogin ssh(SshLogin login) {
    return new RepositoryLogin(null, login);
  }

  /** Sets this login on a JGit command that reaches the remote (clone, fetch, push). */
  public void applyTo(TransportCommand<?, ?> command) {
    if (http != null) {
      command.setCredentialsProvider(http);
    }
    if (ssh != null) {
      command.setTransportConfigCallback(ssh.transportConfig());
    }
  }

  void applyTo(Transport transport) throws IOException {
    if (http != null) {
      transport.setCredentialsProvider(http);
    }
    if (ssh != null) {
      ssh.transportConfig().configure(transport);
    }
  }

  /** Closes the SSH login's sessions, if it has one. */
  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
    }
  }
}

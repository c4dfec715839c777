package dev.mlopssuite.modelrepo.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's own {@code sshd} (Debian package openssh-server, installed by {@code .ci/run}) on
 * 127.0.0.1 and an ephemeral port, serving Git over SSH as a Git host does: the client runs {@code
 * git-upload-pack} on the server. It lets in one client key, whose directory ({@link
 * #clientDirectory()}) holds that key and the server's host key in {@code known_hosts}, as an
 * operator would mount them.
 */
public final class OpenSshServer implements AutoCloseable {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final int port;

  private OpenSshServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server whose keys and configuration live under {@code dir}. */
  public static OpenSshServer start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(SSHD)) {
      throw new IllegalStateException(
          SSHD + " is missing: install the Debian package openssh-server (.ci/run does)");
    }
    Files.createDirectories(dir);
    Path hostKey = dir.resolve("host_ed25519");
    keygen(hostKey);
    Path client = Files.createDirectories(dir.resolve("client"));
    keygen(client.resolve("id_ed25519"));
    Files.copy(client.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    requirePrivilegeSeparationDirectory();

    // A port found free may be taken before sshd binds it: then sshd stops, and another port is
    // tried. Ready means sshd's own "Server listening" line, not a connection that another
    // process could have answered.
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Path config = dir.resolve("sshd_config");
      Files.writeString(
          config,
          String.join(
              "\n",
              "Port " + port,
              "ListenAddress 127.0.0.1",
              "HostKey " + hostKey,
              "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
              "PidFile " + dir.resolve("sshd.pid"),
              "UsePAM no",
              // The test's temporary directories are not laid out for sshd's ownership checks.
              "StrictModes no",
              "PasswordAuthentication no",
              "KbdInteractiveAuthentication no",
              "PubkeyAuthentication yes",
              "PermitRootLogin prohibit-password",
              ""));
      // "ssh-ed25519 AAAA... comment"; known_hosts names a non-default port as [host]:port
      String[] parts = Files.readString(dir.resolve("host_ed25519.pub")).trim().split(" ");
      Files.writeString(
          client.resolve("known_hosts"),
          "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
      Process process =
          new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("sshd.log").toFile())
              .start();
      OpenSshServer server = new OpenSshServer(process, dir, port);
      if (server.awaitListening() || attempt == 3) {
        if (!process.isAlive()) {
          throw new IllegalStateException("sshd did not start: " + server.log());
        }
        return server;
      }
    }
  }

  /** The directory an SSH client logs in with: {@code id_ed25519} and {@code known_hosts}. */
  public Path clientDirectory() {
    return dir.resolve("client");
  }

  /** An {@code ssh://} URL of the repository at {@code path} on this server. */
  public String url(Path path) {
    return "ssh://"
        + System.getProperty("user.name")
        + "@127.0.0.1:"
        + port
        + path.toAbsolutePath().normalize();
  }

  /** The server's log, for a failing test's message. */
  public String log() throws IOException {
    return Files.readString(dir.resolve("sshd.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** True once sshd says it listens; false if it stopped first (its port was taken). */
  private boolean awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains("Server listening on 127.0.0.1 port " + port)) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
      Thread.sleep(20);
    }
    close();
    throw new IllegalStateException("sshd did not listen within " + START_TIMEOUT + ": " + log());
  }

  private static void keygen(Path key) throws IOException, InterruptedException {
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString()));
  }

  // sshd started by root needs its privilege separation directory, which the package's service
  // creates when it starts; nothing starts that service here.
  private static void requirePrivilegeSeparationDirectory() throws IOException {
    Path privsep = Path.of("/run/sshd");
    if (!Files.isDirectory(privsep) && "root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(privsep);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}

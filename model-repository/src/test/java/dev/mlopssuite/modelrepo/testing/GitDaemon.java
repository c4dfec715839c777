package dev.mlopssuite.modelrepo.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Git CLI's own {@code git daemon} on 127.0.0.1 and an ephemeral port, exporting the
 * repositories under one directory read-only over {@code git://}.
 */
public final class GitDaemon implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path log;
  private final int port;

  private GitDaemon(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Serves the repositories under {@code basePath}; its log goes to {@code log}. */
  public static GitDaemon start(Path basePath, Path log) throws IOException, InterruptedException {
    Path base = basePath.toAbsolutePath().normalize();
    // A port found free may be taken before the daemon binds it: then it stops, and another port
    // is tried. Ready means the daemon's own "Ready to rumble", not a connection that another
    // process could have answered.
    for (int attempt = 1; ; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Process process =
          new ProcessBuilder(
                  "git",
                  "daemon",
                  "--verbose",
                  "--reuseaddr",
                  "--export-all",
                  "--informative-errors",
                  "--listen=127.0.0.1",
                  "--port=" + port,
                  "--base-path=" + base,
                  base.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      GitDaemon daemon = new GitDaemon(process, log, port);
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (process.isAlive() && !daemon.log().contains("Ready to rumble")) {
        if (System.nanoTime() > deadline) {
          daemon.close();
          throw new IllegalStateException(
              "git daemon did not listen within " + START_TIMEOUT + ": " + daemon.log());
        }
        Thread.sleep(20);
      }
      if (process.isAlive()) {
        return daemon;
      }
      if (attempt == 3) {
        throw new IllegalStateException("git daemon did not start: " + daemon.log());
      }
    }
  }

  /** The {@code git://} URL of the repository {@code name} under the base path. */
  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The daemon's log so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }
}

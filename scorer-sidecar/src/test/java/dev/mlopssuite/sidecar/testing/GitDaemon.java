package dev.mlopssuite.sidecar.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path base = basePath.toAbsolutePath().normalize();
    Process process =
        new ProcessBuilder(
                "git",
                "daemon",
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
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("git daemon stopped at start: " + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return daemon;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          daemon.close();
          throw new IllegalStateException(
              "git daemon did not listen within " + START_TIMEOUT + ": " + Files.readString(log));
        }
        Thread.sleep(50);
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

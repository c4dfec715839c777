package dev.mlopssuite.sidecar.http;

import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The sidecar's HTTP server: Jetty 12's core handler API, no servlet layer. Endpoints, error
 * statuses and headers are specified in docs/scorer-sidecar.md, "Endpoints and metrics"; the
 * routing and validation live in {@link ScoringHandler}.
 *
 * <p>{@link #stop()} is graceful: the connector stops accepting, requests in flight finish (up to
 * the stop timeout), then the server closes.
 */
public final class ScoringServer implements AutoCloseable {
  /** Default request body limit: 1 MiB, a 1,000-row batch of 9 features is about 200 KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private static final long STOP_TIMEOUT_MILLIS = 10_000;

  private final Server server;
  private final ServerConnector connector;

  /** On every interface, with the default body limit. */
  public ScoringServer(int port, ScoringServices services) {
    this("0.0.0.0", port, DEFAULT_MAX_BODY_BYTES, services);
  }

  public ScoringServer(String host, int port, int maxBodyBytes, ScoringServices services) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0: any free port), was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("sidecar-http");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    // Small JSON responses: do not let Nagle hold the last segment back for a delayed ACK.
    connector.setAcceptedTcpNoDelay(true);
    server.addConnector(connector);
    server.setHandler(
        new GracefulHandler(
            new ScoringHandler(Objects.requireNonNull(services, "services"), maxBodyBytes)));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    server.setStopAtShutdown(false);
  }

  public void start() throws Exception {
    server.start();
  }

  /** The bound port (the actual one when constructed with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public boolean isRunning() {
    return server.isRunning();
  }

  /** Stops accepting, lets requests in flight finish, then closes. */
  public void stop() throws Exception {
    server.stop();
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}

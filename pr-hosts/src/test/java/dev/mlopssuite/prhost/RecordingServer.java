package dev.mlopssuite.prhost;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) standing in for GitHub or GitLab: it records
 * every request and answers with a scripted status and JSON body, or stalls until closed so the
 * client's timeout fires.
 */
final class RecordingServer implements AutoCloseable {
  record Recorded(String method, String rawPath, Headers headers, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile int status = 201;
  private volatile String answer = "{}";
  private volatile boolean stall;

  private RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    // handlers off the dispatcher thread, so a stalled one does not block stop()
    server.setExecutor(executor);
    server.start();
  }

  static RecordingServer start() throws IOException {
    return new RecordingServer();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(int status, String json) {
    this.status = status;
    this.answer = json;
  }

  /** Answer nothing until the server is closed. */
  void stall() {
    this.stall = true;
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Headers headers = new Headers();
    headers.putAll(exchange.getRequestHeaders());
    requests.add(
        new Recorded(
            exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
    if (stall) {
      try {
        closing.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}

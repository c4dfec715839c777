package dev.mlopssuite.modelrepo.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Git's smart HTTP protocol served by the Git CLI's own {@code git http-backend} (the CGI program
 * behind cgit, Gitolite and many self-hosted servers), on Jetty at 127.0.0.1 and an ephemeral port.
 * Jetty only carries the CGI's environment, body and answer: every Git decision is the CLI's. The
 * repositories under one directory are served read-only at {@code /git/<name>}.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private GitHttpServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Serves the repositories under {@code projectRoot}. */
  public static GitHttpServer start(Path projectRoot) throws Exception {
    return start(projectRoot, 0);
  }

  /**
   * Serves the repositories under {@code projectRoot}, sending answers at about {@code
   * bytesPerSecond} (0: as fast as it can), as a slow link would.
   */
  public static GitHttpServer start(Path projectRoot, int bytesPerSecond) throws Exception {
    return start(projectRoot, bytesPerSecond, null);
  }

  /**
   * Serves the repositories under {@code projectRoot} only to a client that logs in with HTTP Basic
   * as {@code login} ({@code user:password}), as a Git host does for a private repository: 401 with
   * {@code WWW-Authenticate} otherwise.
   */
  public static GitHttpServer withLogin(Path projectRoot, String login) throws Exception {
    return start(projectRoot, 0, login);
  }

  private static GitHttpServer start(Path projectRoot, int bytesPerSecond, String login)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Cgi(projectRoot.toAbsolutePath().normalize(), bytesPerSecond, login));
    server.start();
    return new GitHttpServer(server, connector);
  }

  /** The {@code http://} URL of the repository {@code name}. */
  public String url(String name) {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/git/" + name;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static final class Cgi extends Handler.Abstract {
    private final Path projectRoot;
    private final int bytesPerSecond;
    private final String authorization; // the expected Authorization header, null: open
    private final String user; // who logs in; git http-backend takes pushes only from a user

    Cgi(Path projectRoot, int bytesPerSecond, String login) {
      super(InvocationType.BLOCKING);
      this.projectRoot = projectRoot;
      this.bytesPerSecond = bytesPerSecond;
      this.user = login == null ? null : login.substring(0, login.indexOf(':'));
      this.authorization =
          login == null
              ? null
              : "Basic "
                  + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = request.getHttpURI().getPath();
      if (!path.startsWith("/git/")) {
        Response.writeError(request, response, callback, 404);
        return true;
      }
      if (authorization != null
          && !authorization.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
        response.setStatus(401);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"models\"");
        response.write(true, null, callback);
        return true;
      }
      ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
      Map<String, String> env = builder.environment();
      env.put("GIT_PROJECT_ROOT", projectRoot.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("REQUEST_METHOD", request.getMethod());
      env.put("PATH_INFO", path.substring("/git".length()));
      String query = request.getHttpURI().getQuery();
      env.put("QUERY_STRING", query == null ? "" : query);
      env.put("REMOTE_ADDR", "127.0.0.1");
      if (user != null) {
        env.put("REMOTE_USER", user); // logged in: receive-pack (push) is open to it
      }
      copyHeader(request, env, HttpHeader.CONTENT_TYPE, "CONTENT_TYPE");
      copyHeader(request, env, HttpHeader.CONTENT_LENGTH, "CONTENT_LENGTH");
      copyHeader(request, env, HttpHeader.CONTENT_ENCODING, "HTTP_CONTENT_ENCODING");
      String protocol = request.getHeaders().get("Git-Protocol");
      if (protocol != null) {
        env.put("GIT_PROTOCOL", protocol);
      }
      Process cgi = builder.start();
      try (OutputStream stdin = cgi.getOutputStream()) {
        Content.Source.asInputStream(request).transferTo(stdin);
      }
      try (InputStream stdout = new BufferedInputStream(cgi.getInputStream())) {
        // CGI answer: header lines, an empty line, the body. "Status:" sets the status.
        String line;
        while (!(line = headerLine(stdout)).isEmpty()) {
          int colon = line.indexOf(':');
          String name = line.substring(0, colon).trim();
          String value = line.substring(colon + 1).trim();
          if (name.equalsIgnoreCase("Status")) {
            response.setStatus(Integer.parseInt(value.substring(0, 3)));
          } else {
            response.getHeaders().add(name, value);
          }
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
          copy(stdout, out);
        }
      }
      cgi.getErrorStream().transferTo(OutputStream.nullOutputStream());
      cgi.waitFor(30, TimeUnit.SECONDS);
      callback.succeeded();
      return true;
    }

    private void copy(InputStream in, OutputStream out) throws IOException, InterruptedException {
      if (bytesPerSecond <= 0) {
        in.transferTo(out);
        return;
      }
      // A slice every 50 ms, flushed, so that the client sees a steady trickle.
      byte[] slice = new byte[Math.max(1, bytesPerSecond / 20)];
      int read;
      while ((read = in.read(slice)) >= 0) {
        out.write(slice, 0, read);
        out.flush();
        Thread.sleep(50);
      }
    }

    private static void copyHeader(
        Request request, Map<String, String> env, HttpHeader header, String variable) {
      String value = request.getHeaders().get(header);
      if (value != null) {
        env.put(variable, value);
      }
    }

    private static String headerLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }
  }
}

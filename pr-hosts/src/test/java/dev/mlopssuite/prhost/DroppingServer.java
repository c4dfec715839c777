package dev.mlopssuite.prhost;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A socket on 127.0.0.1 that accepts a connection, reads the start of the request and closes it
 * without a word: the dropped connection a proxy or a restarting host produces.
 */
final class DroppingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread acceptor;

  DroppingServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::dropAll, "dropping-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  String host() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void dropAll() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        InputStream in = connection.getInputStream();
        in.read(new byte[1024]);
      } catch (IOException e) {
        // closed by close(), or the client went first: either way nothing to answer
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package io.nqflow.core.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards TCP connections from a fixed loopback port to another loopback port. The embedded broker
 * binds random ports; with a fixed port asked for, this makes it reachable where outside tools
 * (kcat, a Python consumer) expect it.
 */
final class LoopbackForwarder implements AutoCloseable {
  private final ServerSocket server;
  private volatile int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  LoopbackForwarder(int listenPort, int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
    this.acceptor = new Thread(this::acceptLoop, "kafka-forwarder-" + listenPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        // The server socket was closed (shutdown).
        continue;
      }
      try {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // The broker refused (it is down): the client must see the connection closed at once, or
        // it waits for its request timeout before it tries again.
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed; the finally block closes the other.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "kafka-forwarder-pump");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  /** The port it listens on. */
  int port() {
    return server.getLocalPort();
  }

  /** Forwards new connections to {@code port} from now on. */
  void retarget(int port) {
    this.targetPort = port;
  }

  /** Closes every forwarded connection (the target went away); new ones are still accepted. */
  void dropConnections() {
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }
}

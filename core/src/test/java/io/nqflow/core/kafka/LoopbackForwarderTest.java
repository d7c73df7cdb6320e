package io.nqflow.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class LoopbackForwarderTest {
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Reads until the connection ends; true when it ended (EOF or reset) within the timeout. */
  private static boolean closedWithin(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    try (InputStream in = s.getInputStream()) {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void aConnectionToADownTargetIsClosedAtOnceNotLeftHanging() throws Exception {
    int down = freePort(); // nothing listens here
    try (LoopbackForwarder f = new LoopbackForwarder(freePort(), down)) {
      int port = f.port();
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
        assertThat(closedWithin(client, 5_000)).as("closed by the forwarder").isTrue();
      }
    }
  }

  @Test
  void afterARetargetNewConnectionsReachTheNewTarget() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LoopbackForwarder f = new LoopbackForwarder(freePort(), freePort())) {
      f.retarget(target.getLocalPort());
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), f.port());
          Socket accepted = acceptWithin(target, 5_000)) {
        accepted.getOutputStream().write(42);
        accepted.getOutputStream().flush();
        client.setSoTimeout(5_000);
        assertThat(client.getInputStream().read()).isEqualTo(42);
      }
    }
  }

  private static Socket acceptWithin(ServerSocket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    return s.accept();
  }
}

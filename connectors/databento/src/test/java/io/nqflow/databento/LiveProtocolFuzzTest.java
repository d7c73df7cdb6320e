package io.nqflow.databento;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Coverage-guided fuzzing (Jazzer) of the Databento live protocol as the client speaks it: the
 * input is everything a gateway sends on one connection (greeting, CRAM challenge, authentication
 * reply, then the DBN metadata and record stream with heartbeats, system and error records), played
 * through {@link LiveClient#converse} without a socket. Whatever the bytes, the session ends in an
 * {@link IOException} (the end of the stream, a {@link DatabentoException} for a protocol
 * violation, a refused authentication, a DBN format error): no other exception, no message that
 * shows the API key, no allocation over {@link #ALLOCATION_BUDGET}. Records are also read whole
 * ({@code toMessage}) by the handler.
 *
 * <p>Seeds: {@code LiveProtocolFuzzTestInputs/session}. Runs in fuzzing mode in the build (the
 * {@code nqflow.fuzz*} properties of the parent pom) and for as long as asked in scripts/fuzz.sh.
 */
class LiveProtocolFuzzTest {
  static final long ALLOCATION_BUDGET = 64L << 20;

  /** A key made at run time; a message that contains it has leaked it. */
  private static final String KEY = randomKey();

  /** Held so the level set on it stays: one INFO line per session would flood the fuzzer's log. */
  private static final Logger CLIENT_LOG = Logger.getLogger(LiveClient.class.getName());

  static {
    CLIENT_LOG.setLevel(Level.OFF);
  }

  @FuzzTest(maxDuration = "12s")
  void session(byte[] gatewayBytes) throws Exception {
    AllocationBudget.run(
        ALLOCATION_BUDGET + 64L * gatewayBytes.length, "a session", () -> converse(gatewayBytes));
  }

  private static void converse(byte[] gatewayBytes) {
    LiveClient client =
        LiveClient.builder()
            .dataset("GLBX.MDP3")
            .apiKey(ApiKey.of(KEY))
            .gateway("127.0.0.1", 13000)
            .subscribe(Schema.MBO, SType.PARENT, List.of("NQ.OPT"))
            .upgradeToV3(gatewayBytes.length % 2 == 0)
            .build();
    RecordHandler handler = r -> r.toMessage();
    try {
      client.converse(
          new ByteArrayInputStream(gatewayBytes), OutputStream.nullOutputStream(), handler);
      throw new AssertionError("a session over a finite stream must end in an exception");
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains(KEY)) {
        throw new AssertionError("the API key appears in: " + message, e);
      }
    }
  }

  private static String randomKey() {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder("db-");
    for (int i = 0; i < 29; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}

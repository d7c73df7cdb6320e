package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveProtocolTest {
  private static final ApiKey KEY = ApiKey.of("db-ProtocolTestKey0123456789abcd");

  @Test
  void defaultGatewayIsTheDatasetLowerCasedWithDashes() {
    assertThat(LiveClient.defaultGateway("GLBX.MDP3"))
        .isEqualTo("glbx-mdp3.lsg.databento.com:13000");
    assertThat(LiveClient.defaultGateway("OPRA.PILLAR"))
        .isEqualTo("opra-pillar.lsg.databento.com:13000");
  }

  @Test
  void authLineCarriesTheCramReplyAndTheSessionOptions() {
    assertThat(LiveProtocol.authLine(KEY, "xyz", "GLBX.MDP3", false, 30))
        .isEqualTo(
            "auth="
                + ApiKey.sha256Hex("xyz|db-ProtocolTestKey0123456789abcd")
                + "-9abcd|dataset=GLBX.MDP3|encoding=dbn|compression=none|ts_out=0"
                + "|heartbeat_interval_s=30");
  }

  @Test
  void symbolsAreSentInChunksWithIsLastOnTheFinalOne() {
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      symbols.add("S" + i);
    }
    List<String> lines =
        LiveProtocol.subscriptionLines(Subscription.of(Schema.TRADES, SType.RAW_SYMBOL, symbols));
    assertThat(lines).hasSize(3);
    int total = 0;
    for (int i = 0; i < 3; i++) {
      var f = LiveProtocol.parseFields(lines.get(i));
      assertThat(f.keySet())
          .containsExactly("schema", "stype_in", "symbols", "snapshot", "is_last");
      assertThat(f.get("is_last")).isEqualTo(i == 2 ? "1" : "0");
      total += f.get("symbols").split(",").length;
    }
    assertThat(total).isEqualTo(1200);
    assertThat(LiveProtocol.parseFields(lines.get(2)).get("symbols")).startsWith("S1000,");
  }

  @Test
  void parentSymbologyReplayStartAndSnapshotAreWritten() {
    assertThat(
            LiveProtocol.subscriptionLines(
                new Subscription(Schema.MBO, SType.PARENT, List.of("NQ.OPT"), 1234L, false)))
        .containsExactly(
            "schema=mbo|stype_in=parent|symbols=NQ.OPT|start=1234|snapshot=0|is_last=1");
    assertThat(
            LiveProtocol.subscriptionLines(
                new Subscription(Schema.MBO, SType.PARENT, List.of("NQ.FUT"), null, true)))
        .containsExactly("schema=mbo|stype_in=parent|symbols=NQ.FUT|snapshot=1|is_last=1");
  }

  @Test
  void snapshotWithAStartIsRefused() {
    assertThatThrownBy(
            () -> new Subscription(Schema.MBO, SType.PARENT, List.of("NQ.OPT"), 1L, true))
        .hasMessageContaining("snapshot");
    assertThatThrownBy(() -> Subscription.of(Schema.MBO, SType.PARENT, List.of("A|B")))
        .hasMessageContaining("A|B");
  }

  @Test
  void authenticateAnswersTheChallengeAndReturnsTheSessionId() throws Exception {
    var in = stream("lsg_version=0.5.0\ncram=abc123\nsuccess=1|session_id=42\n");
    var out = new ByteArrayOutputStream();
    String id = LiveProtocol.authenticate(in, out, KEY, "GLBX.MDP3", false, 10, "gw:1");
    assertThat(id).isEqualTo("42");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(LiveProtocol.authLine(KEY, "abc123", "GLBX.MDP3", false, 10) + "\n");
  }

  @Test
  void aRefusalCarriesTheGatewaysErrorButNotTheKey() {
    var in =
        stream(
            "lsg_version=0.5.0\ncram=abc\nsuccess=0|error=Unknown key db-ProtocolTestKey0123456789abcd\n");
    assertThatThrownBy(
            () ->
                LiveProtocol.authenticate(
                    in, new ByteArrayOutputStream(), KEY, "GLBX.MDP3", false, 10, "gw:1"))
        .isInstanceOf(LiveAuthenticationException.class)
        .hasMessage(
            "Databento gateway gw:1 refused authentication for dataset GLBX.MDP3: Unknown key"
                + " <api key>");
  }

  @Test
  void aServerThatIsNotAGatewayIsNamed() {
    assertThatThrownBy(
            () ->
                LiveProtocol.authenticate(
                    stream("HTTP/1.1 400 Bad Request\n"),
                    new ByteArrayOutputStream(),
                    KEY,
                    "GLBX.MDP3",
                    false,
                    10,
                    "gw:1"))
        .isInstanceOf(DatabentoException.class)
        .hasMessageContaining("did not greet")
        .hasMessageContaining("HTTP/1.1 400");
    assertThatThrownBy(() -> LiveProtocol.readLine(stream("no newline"), "greeting"))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("greeting");
  }

  @Test
  void anEndlessLineIsRefused() {
    byte[] b = new byte[LiveProtocol.MAX_LINE + 10];
    java.util.Arrays.fill(b, (byte) 'x');
    assertThatThrownBy(() -> LiveProtocol.readLine(new ByteArrayInputStream(b), "greeting"))
        .isInstanceOf(DatabentoException.class)
        .hasMessageContaining("longer than");
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}

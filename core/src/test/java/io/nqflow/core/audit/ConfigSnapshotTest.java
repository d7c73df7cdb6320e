package io.nqflow.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.Doc;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.Nullable;
import io.nqflow.core.config.Secret;
import io.nqflow.core.config.SecretValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

public class ConfigSnapshotTest {

  /** A section shaped like the real ones: plain, nested, list, reference and secret settings. */
  public record Demo(
      @Doc("Broker") Mode broker,
      @Doc("Interval") Duration interval,
      @SecretValue @Nullable @Doc("Password") String password,
      @Doc("Token") Secret token,
      @Key("/kafka.bootstrap_servers") String bootstrap,
      @Key("paper.slippage_ticks") @Doc("Ticks") int slippage,
      @Nullable @Doc("User") String user,
      @Doc("Tags") List<String> tags,
      Inner inner) {}

  public record Inner(@Doc("Url") String url, @SecretValue @Nullable @Doc("Sec") String sec) {}

  public enum Mode {
    PAPER
  }

  // RFC 7914 section 11 test vectors of PBKDF2-HMAC-SHA256 (public values, not secrets):
  // P="passwd", S="salt", c=1 -> 55 ac 04 6e ...; P="Password", S="NaCl", c=80000 -> 4d dc d8 f6
  // ...
  private static final SecretFingerprint RFC_C1 =
      SecretFingerprint.of("salt".getBytes(StandardCharsets.UTF_8), 1);

  @Test
  void fingerprintsMatchThePbkdf2TestVectors() {
    assertThat(RFC_C1.mask("passwd")).isEqualTo("****#55ac046e");
    assertThat(
            SecretFingerprint.of("NaCl".getBytes(StandardCharsets.UTF_8), 80_000).mask("Password"))
        .isEqualTo("****#4ddcd8f6");
  }

  @Test
  void canonicalTextIsSortedFlatAndMasked() {
    Demo demo =
        new Demo(
            Mode.PAPER,
            Duration.ofSeconds(30),
            "passwd",
            Secret.absent(),
            "k1:9092",
            2,
            null,
            List.of("a", "b"),
            new Inner("https://x/v1", null));
    ConfigSnapshot snap = ConfigSnapshot.of("execution", demo, RFC_C1);
    assertThat(snap.canonical())
        .isEqualTo(
            "execution.broker=PAPER\n"
                + "execution.inner.sec=<unset>\n"
                + "execution.inner.url=https://x/v1\n"
                + "execution.interval=30s\n"
                + "execution.paper.slippage_ticks=2\n"
                + "execution.password=****#55ac046e\n"
                + "execution.tags=[a, b]\n"
                + "execution.token=<unset>\n"
                + "execution.user=<unset>\n"
                + "kafka.bootstrap_servers=k1:9092\n");
    assertThat(snap.saltHex()).isEqualTo("73616c74");
    assertThat(snap.canonical()).doesNotContain("passwd");
  }

  @Test
  void digestIsSha256OfTheCanonicalText() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("a", "1");
    // sha256("a=1\n"), computed with: printf 'a=1\n' | sha256sum
    assertThat(new ConfigSnapshot(m, "").digest())
        .isEqualTo("fe3209d6d4f51935b391288a43df48d9ddece1a992597ae53387ca16611a9179");
  }

  @Test
  void escapedValuesSurviveParsing() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("k.multi", "line1\nline2\\x=y");
    m.put("k.plain", "v=w");
    ConfigSnapshot snap = new ConfigSnapshot(m, "00");
    assertThat(snap.canonical()).isEqualTo("k.multi=line1\\nline2\\\\x=y\nk.plain=v=w\n");
    assertThat(ConfigSnapshot.parse(snap.canonical())).isEqualTo(m);
    assertThatThrownBy(() -> ConfigSnapshot.parse("ok=1\nbroken\n")).hasMessageContaining("line 2");
  }

  @Test
  void wholeConfigHasCoreKeysAndMasksAbsentSecrets() {
    SortedMap<String, String> leaves = ConfigSnapshot.of(NqflowConfig.defaults(), RFC_C1).entries();
    assertThat(leaves)
        .containsEntry("kafka.bootstrap_servers", "localhost:9092")
        .containsEntry("kafka.partitions", "3")
        .containsEntry("variant", "baseline")
        .containsEntry("databento.api_key", "<unset>")
        .containsEntry("strategy", "<unset>");
  }

  @Test
  void aSecretRotationChangesTheFingerprintAndTheDigest() {
    SecretFingerprint fp = SecretFingerprint.randomSalt();
    String a = "k-" + java.util.UUID.randomUUID();
    String b = "k-" + java.util.UUID.randomUUID();
    Demo one = demoWith(a);
    Demo two = demoWith(b);
    ConfigSnapshot s1 = ConfigSnapshot.of("x", one, fp);
    ConfigSnapshot s1again = ConfigSnapshot.of("x", one, SecretFingerprint.withSalt(fp.saltHex()));
    ConfigSnapshot s2 = ConfigSnapshot.of("x", two, fp);
    assertThat(s1again.digest()).isEqualTo(s1.digest());
    assertThat(s2.digest()).isNotEqualTo(s1.digest());
    assertThat(s1.canonical() + s2.canonical()).doesNotContain(a).doesNotContain(b);
    assertThat(s1.entries().get("x.password")).matches("\\*\\*\\*\\*#[0-9a-f]{8}");
    // another salt: another fingerprint for the same secret
    assertThat(ConfigSnapshot.of("x", one, SecretFingerprint.randomSalt()).entries())
        .extractingByKey("x.password")
        .isNotEqualTo(s1.entries().get("x.password"));
  }

  @Test
  void saltMustBeSixteenHexBytes() {
    assertThatThrownBy(() -> SecretFingerprint.withSalt("zz")).hasMessageContaining("not hex");
    assertThatThrownBy(() -> SecretFingerprint.withSalt("00ff"))
        .hasMessageContaining("2 bytes, expected 16");
  }

  private static Demo demoWith(String password) {
    return new Demo(
        Mode.PAPER,
        Duration.ofSeconds(1),
        password,
        Secret.absent(),
        "k:1",
        0,
        "u",
        List.of(),
        new Inner("u", null));
  }
}

package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {
  private static final String KEY = "db-AbCdEfGhIjKlMnOpQrStUvWxYz0123";

  @Test
  void toStringNeverShowsAnyPartOfTheKey() {
    String s = ApiKey.of(KEY).toString();
    assertThat(s).doesNotContain(KEY).doesNotContain("0123").doesNotContain("db-");
  }

  @Test
  void sha256IsTheStandardDigest() {
    // FIPS 180-2 test vector for "abc"
    assertThat(ApiKey.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void cramReplyIsTheDigestOfChallengeBarKeyThenTheBucketId() {
    ApiKey k = ApiKey.of(KEY);
    assertThat(k.cramReply("0123456789abcdef"))
        .isEqualTo(ApiKey.sha256Hex("0123456789abcdef|" + KEY) + "-z0123")
        .doesNotContain(KEY);
  }

  @Test
  void basicAuthorizationUsesTheKeyAsUserAndNoPassword() {
    assertThat(ApiKey.of(KEY).basicAuthorization())
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString((KEY + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void readsTheSecretFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("databento.key");
    Files.writeString(f, KEY + "\n");
    assertThat(ApiKey.fromFile(f).cramReply("c")).isEqualTo(ApiKey.of(KEY).cramReply("c"));
  }

  @Test
  void anEmptySecretFileIsAClearError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("empty.key");
    Files.writeString(f, "\n");
    assertThatThrownBy(() -> ApiKey.fromFile(f))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("empty.key")
        .hasMessageContaining("empty");
  }

  @Test
  void aMissingEnvironmentVariableNamesIt() {
    assertThatThrownBy(() -> ApiKey.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DATABENTO_API_KEY");
    assertThat(ApiKey.fromEnvironment(Map.of("DATABENTO_API_KEY", " " + KEY + " ")).bucketId())
        .isEqualTo("z0123");
  }

  @Test
  void aKeyThatWouldBreakTheLineProtocolIsRefusedWithoutEchoingIt() {
    String bad = "db-secret|dataset=X";
    assertThatThrownBy(() -> ApiKey.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 9")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    assertThatThrownBy(() -> ApiKey.of("abc")).hasMessageContaining("too short");
  }

  @Test
  void redactMasksEveryOccurrence() {
    assertThat(ApiKey.of(KEY).redact("a " + KEY + " b " + KEY))
        .isEqualTo("a <api key> b <api key>");
  }
}

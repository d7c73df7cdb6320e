package io.nqflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void secretToStringIsMasked() {
    Secret s = Secret.of("hunter2");

    assertThat(s.toString()).isEqualTo(Secret.MASK).doesNotContain("hunter2");
    assertThat(s.reveal()).isEqualTo("hunter2");
    assertThat(Secret.absent().isPresent()).isFalse();
    assertThatThrownBy(() -> Secret.absent().reveal()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void secretsCompareByValue() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    assertThat(Secret.of("")).isEqualTo(Secret.absent());
  }
}

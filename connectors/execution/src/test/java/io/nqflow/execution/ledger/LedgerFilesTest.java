package io.nqflow.execution.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nqflow.execution.ExecutionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's H2 file and its folder are readable by their owner only. */
class LedgerFilesTest {
  @TempDir Path tmp;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theLedgerFolderAndFileAreOwnerOnly() throws IOException {
    assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null);
    Path file = tmp.resolve("outputs").resolve("ledger").resolve("local");
    try (Ledger l = Ledger.open(ExecutionSettings.h2LedgerUrl(file), "sa", "")) {
      assertThat(l).isNotNull();
    }
    assertThat(mode(tmp.resolve("outputs"))).isEqualTo("rwx------");
    assertThat(mode(tmp.resolve("outputs/ledger"))).isEqualTo("rwx------");
    assertThat(mode(tmp.resolve("outputs/ledger/local.mv.db"))).isEqualTo("rw-------");
  }

  @Test
  void onlyEmbeddedH2UrlsNameAFile() {
    Path cwd = Path.of("").toAbsolutePath();
    assertThat(Ledger.h2File("jdbc:h2:file:./outputs/ledger/local;AUTO_SERVER=FALSE"))
        .contains(cwd.resolve("outputs/ledger/local"));
    assertThat(Ledger.h2File("jdbc:h2:/var/nqflow/ledger")).contains(Path.of("/var/nqflow/ledger"));
    assertThat(Ledger.h2File("jdbc:h2:~/ledger"))
        .contains(Path.of(System.getProperty("user.home"), "ledger"));
    assertThat(Ledger.h2File("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEqualTo(Optional.empty());
    assertThat(Ledger.h2File("jdbc:h2:tcp://localhost/~/ledger")).isEmpty();
    assertThat(Ledger.h2File("jdbc:postgresql://db:5432/ledger")).isEmpty();
  }
}

package io.nqflow.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() {
    assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null);
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void createsEveryMissingFolderOwnerOnly() throws IOException {
    Path dir = tmp.resolve("a").resolve("b").resolve("c");
    assertThat(OwnerOnly.createDirectories(dir)).isEqualTo(dir);
    assertThat(mode(tmp.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(tmp.resolve("a/b"))).isEqualTo("rwx------");
    assertThat(mode(dir)).isEqualTo("rwx------");
  }

  @Test
  void restrictsAnExistingFolderButLeavesItsExistingParentsAlone() throws IOException {
    Path parent = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dir = Files.createDirectory(parent.resolve("run"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    OwnerOnly.createDirectories(dir);

    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(parent)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void aFolderTheUserNamedKeepsItsModeWhenItExists() throws IOException {
    Path named = Files.createDirectory(tmp.resolve("out"));
    Files.setPosixFilePermissions(named, PosixFilePermissions.fromString("rwxr-x---"));
    OwnerOnly.createMissingDirectories(named);
    assertThat(mode(named)).isEqualTo("rwxr-x---");
    Path fresh = OwnerOnly.createMissingDirectories(named.resolve("x/y"));
    assertThat(mode(named.resolve("x"))).isEqualTo("rwx------");
    assertThat(mode(fresh)).isEqualTo("rwx------");
  }

  @Test
  void writesFilesOwnerOnlyEvenWhenTheyExistedWithAWiderMode() throws IOException {
    Path fresh = OwnerOnly.writeString(tmp.resolve("summary.json"), "{}");
    assertThat(mode(fresh)).isEqualTo("rw-------");
    assertThat(Files.readString(fresh)).isEqualTo("{}");

    Path old = Files.writeString(tmp.resolve("old.txt"), "a much longer old content");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-rw-rw-"));
    try (OutputStream out = OwnerOnly.newOutputStream(old)) {
      out.write("new".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(mode(old)).isEqualTo("rw-------");
    assertThat(Files.readString(old)).isEqualTo("new");
  }

  @Test
  void restrictSetsTheModeByKind() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path file = Files.writeString(tmp.resolve("f"), "x");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    OwnerOnly.restrict(dir);
    OwnerOnly.restrict(file);
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(file)).isEqualTo("rw-------");
  }

  @Test
  void aPathThroughAFileIsAnError() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OwnerOnly.createDirectories(file))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }
}

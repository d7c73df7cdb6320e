package io.nqflow.core.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the project's folders and files readable by their owner only: folders {@code rwx------}
 * (700), files {@code rw-------} (600). Used for the execution ledger, run outputs, the local
 * stack's work folders and the standalone cluster folder, so that nothing they hold (orders, fills,
 * logs that might quote configuration) is readable by other users of the machine. A library that
 * creates files itself (H2, Kafka, Flink) writes into a folder created here, so its files are out
 * of other users' reach whatever their own mode.
 *
 * <p>On a file system without POSIX permissions (e.g. Windows) the folders and files are created
 * with the file system's defaults and a debug line is logged.
 */
public final class OwnerOnly {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);

  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /**
   * Creates a folder and its missing parents, each new one owner-only; an existing folder is left
   * as it is except {@code dir} itself, which is made owner-only. Returns {@code dir}.
   */
  public static Path createDirectories(Path dir) throws IOException {
    return create(dir, true);
  }

  /**
   * Creates a folder the user named (e.g. {@code --out}) and its missing parents, each new one
   * owner-only; existing folders, {@code dir} included, keep their mode. Returns {@code dir}.
   */
  public static Path createMissingDirectories(Path dir) throws IOException {
    return create(dir, false);
  }

  private static Path create(Path dir, boolean restrictExisting) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (!posix(abs)) {
      return Files.createDirectories(dir);
    }
    Path parent = abs.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      create(parent, false);
    }
    boolean created = false;
    try {
      Files.createDirectory(abs, attribute(DIRECTORY));
      created = true;
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(abs)) {
        throw e;
      }
    }
    if (created || restrictExisting) {
      // The creation mode is filtered by the process umask; set it explicitly.
      Files.setPosixFilePermissions(abs, DIRECTORY);
    }
    return dir;
  }

  /** Writes a UTF-8 text file (replacing it) that only its owner can read or write. */
  public static Path writeString(Path file, String text) throws IOException {
    return write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a file (replacing it) that only its owner can read or write. */
  public static Path write(Path file, byte[] bytes) throws IOException {
    try (OutputStream out = newOutputStream(file)) {
      out.write(bytes);
    }
    return file;
  }

  /**
   * Opens a file for writing (created or truncated), owner-only before the first byte is written.
   */
  public static OutputStream newOutputStream(Path file) throws IOException {
    if (posix(file.toAbsolutePath())) {
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException raced) {
          // created meanwhile: its mode is set below
        }
      }
      Files.setPosixFilePermissions(file, FILE);
    }
    return Files.newOutputStream(
        file,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  /**
   * Makes an existing file or folder owner-only (700 for a folder, 600 for a file); a no-op where
   * the file system has no POSIX permissions.
   */
  public static void restrict(Path p) throws IOException {
    if (posix(p.toAbsolutePath())) {
      Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIRECTORY : FILE);
    }
  }

  /** Whether the file system holding {@code p} (or its nearest existing parent) is POSIX. */
  static boolean posix(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    boolean posix =
        existing != null
            && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    if (!posix) {
      LOG.debug("no POSIX permissions for {}: created with the file system's defaults", p);
    }
    return posix;
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
    return PosixFilePermissions.asFileAttribute(p);
  }
}

package io.nqflow.feed.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The DBN files under a list of files and folders, in a stable (sorted) order. */
public final class DbnFileSet {
  private DbnFileSet() {}

  /**
   * Expands folders recursively to their {@code .dbn}, {@code .dbn.zst}, {@code .frag} files.
   *
   * @throws IllegalArgumentException naming a path that does not exist or holds no DBN file
   */
  public static List<Path> expand(List<Path> inputs) {
    List<Path> out = new ArrayList<>();
    for (Path in : inputs) {
      if (Files.isDirectory(in)) {
        try (Stream<Path> walk = Files.walk(in)) {
          walk.filter(Files::isRegularFile).filter(DbnFileSet::isDbn).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + in, e);
        }
      } else if (Files.isRegularFile(in)) {
        out.add(in);
      } else {
        throw new IllegalArgumentException("no such file or folder: " + in);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no DBN files (.dbn, .dbn.zst) under " + inputs);
    }
    return out;
  }

  static boolean isDbn(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".dbn") || n.endsWith(".dbn.zst");
  }
}

package io.nqflow.feed.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the files to replay from a folder of sessions (as {@code nqflow simulate} writes them, one
 * folder per day): where a day has full MBO, its trades file is left out, because MBO already
 * carries every trade (action T) and replaying both would count each trade twice.
 */
public final class SessionFolders {
  private SessionFolders() {}

  /**
   * History days (replayed as fast as possible) and the live day (replayed at the chosen speed).
   */
  public record Split(List<Path> history, List<Path> live) {}

  public static List<Path> select(Path root) {
    List<Path> all = DbnFileSet.expand(List.of(root));
    Set<Path> foldersWithMbo =
        all.stream()
            .filter(p -> schemaOf(p).equals("mbo"))
            .map(Path::getParent)
            .collect(Collectors.toSet());
    List<Path> out = new ArrayList<>();
    for (Path p : all) {
      if (schemaOf(p).equals("trades") && foldersWithMbo.contains(p.getParent())) {
        continue;
      }
      out.add(p);
    }
    return out;
  }

  /**
   * Splits {@link #select} into the last folder (the live session: files sort by path, and day
   * folders are named {@code yyyy-mm-dd}) and everything before it. Files directly in one folder
   * are all live.
   */
  public static Split split(Path root) {
    List<Path> files = select(root);
    Path lastFolder = files.get(files.size() - 1).getParent();
    List<Path> history = new ArrayList<>();
    List<Path> live = new ArrayList<>();
    for (Path p : files) {
      (p.getParent().equals(lastFolder) ? live : history).add(p);
    }
    return new Split(history, live);
  }

  /** {@code mbo} for {@code mbo.dbn}, {@code mbo.dbn.zst} or {@code xyz.mbo.dbn}. */
  static String schemaOf(Path p) {
    String n = p.getFileName().toString();
    n = n.endsWith(".zst") ? n.substring(0, n.length() - 4) : n;
    n = n.endsWith(".dbn") ? n.substring(0, n.length() - 4) : n;
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(dot + 1);
  }
}

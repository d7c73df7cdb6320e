package io.nqflow.dbn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Access to Databento's sample files under src/test/resources/dbn. */
final class Samples {
  private Samples() {}

  private static final Pattern VERSION = Pattern.compile("\\.v([0-9])\\.");

  static Path dir() {
    try {
      return Path.of(Samples.class.getResource("/dbn/NOTICE").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path file(String name) {
    return dir().resolve(name);
  }

  static Stream<String> names() {
    try (Stream<Path> s = Files.list(dir())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every .dbn, .dbn.zst, .frag and .frag.zst sample. */
  static Stream<String> decodable() {
    return names().filter(n -> n.endsWith(".dbn") || n.endsWith(".dbn.zst") || isFragment(n));
  }

  static boolean isFragment(String name) {
    return name.endsWith(".frag") || name.endsWith(".frag.zst");
  }

  /** Version from the name: ".vN." or 2 for the unversioned files (README). */
  static int version(String name) {
    Matcher m = VERSION.matcher(name);
    return m.find() ? Integer.parseInt(m.group(1)) : 2;
  }

  static DbnDecoder open(String name) throws IOException {
    Path p = file(name);
    return isFragment(name) ? DbnDecoder.fragment(p, version(name)) : DbnDecoder.open(p);
  }

  static DbnDecoder open(String name, InputStream in) throws IOException {
    return isFragment(name) ? DbnDecoder.fragment(in, version(name)) : DbnDecoder.open(in);
  }

  /** All records of a sample, detached from the decoder. */
  static List<DbnRecord> records(String name) throws IOException {
    return records(name, false);
  }

  static List<DbnRecord> records(String name, boolean upgrade) throws IOException {
    try (DbnDecoder d = open(name)) {
      d.upgradeToV3(upgrade);
      List<DbnRecord> out = new ArrayList<>();
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        out.add(r.copy());
      }
      return out;
    }
  }

  /** The decompressed bytes of a sample. */
  static byte[] decompressed(String name) throws IOException {
    byte[] raw = Files.readAllBytes(file(name));
    if (!name.endsWith(".zst")) {
      return raw;
    }
    try (InputStream in =
        new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    }
  }
}

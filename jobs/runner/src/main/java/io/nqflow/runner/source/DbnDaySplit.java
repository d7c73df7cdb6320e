package io.nqflow.runner.source;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * One session folder (a day) of DBN files, read as one stream merged in event time, and how many
 * items of that stream were already read (the position a restored reader skips to).
 *
 * @param day the folder, e.g. {@code /data/sim/2026-01-05}; it is the split id
 * @param files the day's DBN files, in the order {@code SessionFolders.select} gives them
 * @param itemsRead items of the merged stream already read (records and bad input)
 */
public record DbnDaySplit(String day, List<String> files, long itemsRead)
    implements SourceSplit, Serializable {
  public DbnDaySplit {
    files = List.copyOf(files);
  }

  @Override
  public String splitId() {
    return day;
  }

  List<Path> paths() {
    return files.stream().map(Path::of).toList();
  }

  DbnDaySplit at(long items) {
    return new DbnDaySplit(day, files, items);
  }

  /** Versioned binary form of a split, for checkpoints and the enumerator-to-reader RPC. */
  static final class Serializer implements SimpleVersionedSerializer<DbnDaySplit> {
    static final Serializer INSTANCE = new Serializer();

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(DbnDaySplit s) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(256);
      write(s, out);
      return out.getCopyOfBuffer();
    }

    @Override
    public DbnDaySplit deserialize(int version, byte[] bytes) throws IOException {
      if (version != 1) {
        throw new IOException("unknown DBN split version " + version);
      }
      return read(new DataInputDeserializer(bytes));
    }

    static void write(DbnDaySplit s, DataOutputSerializer out) throws IOException {
      out.writeUTF(s.day);
      out.writeInt(s.files.size());
      for (String f : s.files) {
        out.writeUTF(f);
      }
      out.writeLong(s.itemsRead);
    }

    static DbnDaySplit read(DataInputDeserializer in) throws IOException {
      String day = in.readUTF();
      int n = in.readInt();
      List<String> files = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        files.add(in.readUTF());
      }
      return new DbnDaySplit(day, files, in.readLong());
    }
  }
}

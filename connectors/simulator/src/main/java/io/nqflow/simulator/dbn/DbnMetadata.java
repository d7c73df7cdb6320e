package io.nqflow.simulator.dbn;

import java.util.List;

/**
 * DBN v3 metadata header fields this module writes: dataset, schema, time range and symbology.
 *
 * @param dataset e.g. {@code GLBX.MDP3}
 * @param schema Databento schema code ({@link DbnConstants#SCHEMA_MBO} ...)
 * @param start first record time, ns since the epoch
 * @param end end of the requested range, ns since the epoch
 * @param stypeIn input symbology type ({@link DbnConstants#STYPE_PARENT} ...)
 * @param stypeOut output symbology type
 * @param symbols requested symbols (at most 70 characters each)
 */
public record DbnMetadata(
    String dataset,
    int schema,
    long start,
    long end,
    int stypeIn,
    int stypeOut,
    List<String> symbols) {

  public DbnMetadata {
    symbols = List.copyOf(symbols);
  }
}

package io.nqflow.dbn;

/**
 * One named field of a record layout.
 *
 * @param name Databento's field name
 * @param type wire type
 * @param offset byte offset from the start of the record (the header is bytes 0..15)
 * @param size size in bytes (for arrays: total size)
 * @param count element count for level arrays and character arrays, 1 otherwise
 */
public record Field(String name, FieldType type, int offset, int size, int count) {}

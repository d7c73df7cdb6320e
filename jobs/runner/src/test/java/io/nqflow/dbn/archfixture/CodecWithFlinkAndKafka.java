package io.nqflow.dbn.archfixture;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A deliberately wrong codec class: the module-graph rules must reject it (test fixture only). */
public final class CodecWithFlinkAndKafka implements MapFunction<String, String> {
  @Override
  public String map(String value) {
    return new ProducerRecord<String, String>("md.events", value).value();
  }
}

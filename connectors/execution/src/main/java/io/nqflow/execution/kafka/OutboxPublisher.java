package io.nqflow.execution.kafka;

import io.nqflow.execution.ledger.Ledger;
import io.nqflow.execution.ledger.OutboxRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the ledger's outbox (exec.events, ops.audit, ops.deadletter) and trims what Kafka
 * acknowledged. A message is deleted only after it is written, so a crash publishes it again;
 * message ids are deterministic and readers drop the repeat.
 */
public final class OutboxPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
  private static final int BATCH = 500;

  private final Ledger ledger;
  private final Producer<byte[], byte[]> producer;

  /** A publisher of {@code ledger}'s outbox through {@code producer}. */
  public OutboxPublisher(Ledger ledger, Producer<byte[], byte[]> producer) {
    this.ledger = ledger;
    this.producer = producer;
  }

  /** Publishes until the outbox is empty, or until a send fails (kept for the next call). */
  public void publish() {
    while (true) {
      List<OutboxRecord> batch = ledger.outbox(BATCH);
      if (batch.isEmpty()) {
        return;
      }
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (OutboxRecord r : batch) {
        sent.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
      }
      producer.flush();
      try {
        for (Future<RecordMetadata> f : sent) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing", e);
      } catch (ExecutionException e) {
        // Kept in the outbox and sent again next time; ids are deterministic, readers dedupe.
        LOG.warn(
            "publishing {} messages failed, will retry: {}", batch.size(), e.getCause().toString());
        return;
      }
      ledger.deleteOutbox(batch.get(batch.size() - 1).seq());
    }
  }

  /** Whether every message written so far has been published. */
  public boolean drained() {
    return ledger.outbox(1).isEmpty();
  }
}

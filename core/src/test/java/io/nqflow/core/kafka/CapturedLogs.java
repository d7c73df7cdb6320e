package io.nqflow.core.kafka;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line written while it is open (the root logger lowered to INFO, so the Kafka clients'
 * configuration dumps are captured), with the messages of attached exceptions.
 */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private Level saved;

  private CapturedLogs() {
    super("nqflow-captured-logs", null, null, true, Property.EMPTY_ARRAY);
  }

  /** Starts capturing. */
  public static CapturedLogs open() {
    CapturedLogs c = new CapturedLogs();
    c.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = ctx.getConfiguration().getRootLogger();
    c.saved = root.getLevel();
    root.setLevel(Level.INFO);
    root.addAppender(c, Level.ALL, null);
    ctx.updateLoggers();
    return c;
  }

  /** The lines captured so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder line =
        new StringBuilder(event.getLoggerName())
            .append(' ')
            .append(event.getMessage().getFormattedMessage());
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      line.append(" | ").append(t);
    }
    lines.add(line.toString());
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = ctx.getConfiguration().getRootLogger();
    root.removeAppender(getName());
    root.setLevel(saved);
    ctx.updateLoggers();
    stop();
  }
}

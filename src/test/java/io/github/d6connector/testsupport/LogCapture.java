package io.github.d6connector.testsupport;

import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Collects every log event of the test JVM while open, optionally with the root level lowered, and restores
 * the logger configuration on close. Successful outcomes, off by default, are logged while it is open.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level previousLevel = root.getLevel();
    private final Logger outcomes = (Logger) LoggerFactory.getLogger("io.github.d6connector.outcomes");
    private final Level previousOutcomesLevel = outcomes.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Level level) {
        appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        root.addAppender(appender);
        outcomes.setLevel(Level.INFO);
        if (level != null) {
            root.setLevel(level);
        }
    }

    public static LogCapture start() {
        return new LogCapture(null);
    }

    /** Starts capturing with the root logger at {@code level}, such as DEBUG. */
    public static LogCapture atLevel(Level level) {
        return new LogCapture(level);
    }

    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** Returns every event as one text line: level, logger, MDC and the formatted message with any stack trace. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : events()) {
            text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
                    .append(event.getMDCPropertyMap()).append(' ').append(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                text.append(' ').append(event.getThrowableProxy().getMessage());
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Returns the events whose formatted message contains {@code part}. */
    public List<ILoggingEvent> containing(String part) {
        return events().stream().filter(event -> event.getFormattedMessage().contains(part)).toList();
    }

    public static String requestIdOf(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        return mdc == null ? null : mdc.get("requestId");
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(previousLevel);
        outcomes.setLevel(previousOutcomesLevel);
        appender.stop();
    }
}

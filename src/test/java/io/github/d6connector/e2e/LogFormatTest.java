package io.github.d6connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * The connector's logback.xml selects the JSON encoder with connector.log.format=json and the text pattern
 * with the request id otherwise.
 */
class LogFormatTest {

    private static OutputStreamAppender<?> consoleAppender(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        if (format != null) {
            context.putProperty("connector.log.format", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL configuration = LogFormatTest.class.getResource("/logback.xml");
        configurator.doConfigure(configuration);
        OutputStreamAppender<?> appender =
                (OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        context.stop();
        return appender;
    }

    @Test
    void jsonFormatUsesJsonEncoder() throws Exception {
        assertThat(consoleAppender("json").getEncoder()).isInstanceOf(JsonEncoder.class);
    }

    @Test
    void textFormatCarriesRequestId() throws Exception {
        OutputStreamAppender<?> appender = consoleAppender(null);

        assertThat(appender.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).contains("%X{requestId");
    }
}

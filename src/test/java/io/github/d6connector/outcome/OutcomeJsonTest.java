package io.github.d6connector.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;

class OutcomeJsonTest {

    private static OutcomeRecord changed(String requestId) {
        return new OutcomeRecord(requestId, "jms:" + requestId, IntNode.valueOf(1000), IntNode.valueOf(8),
                IntNode.valueOf(1), Outcome.CHANGED, 200, null, null, "d6 changed the integration state", 1,
                "2026-03-01T10:00:00Z", "2026-03-01T10:00:01Z", Map.of());
    }

    @Test
    void sameRecordIsWrittenOnce() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        OutcomeRecord record = changed("req-1");

        String first = OutcomeJson.of(exchange, record);
        String second = OutcomeJson.of(exchange, record);

        assertThat(first).isEqualTo(Json.write(record));
        assertThat(second).isSameAs(first);
    }

    @Test
    void replacedRecordIsWrittenAgain() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        OutcomeRecord record = changed("req-1");
        OutcomeJson.of(exchange, record);

        OutcomeRecord repeat = record.with(Outcome.UNCHANGED, "repeat of request id req-1", 1);

        assertThat(OutcomeJson.of(exchange, repeat)).isEqualTo(Json.write(repeat));
        assertThat(OutcomeJson.of(exchange, repeat)).contains("\"outcome\":\"UNCHANGED\"");
    }
}

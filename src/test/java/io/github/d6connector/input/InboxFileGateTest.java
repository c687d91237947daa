package io.github.d6connector.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class InboxFileGateTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void thirdFileWaitsForFreePlace() throws Exception {
        InboxFileGate gate = new InboxFileGate(2);
        Exchange first = new DefaultExchange(context);
        Exchange second = new DefaultExchange(context);
        Exchange third = new DefaultExchange(context);

        gate.process(first);
        gate.process(second);
        CompletableFuture<Void> thirdEntered = CompletableFuture.runAsync(() -> {
            try {
                gate.process(third);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(gate.running()).isEqualTo(2);
        Thread.sleep(200);
        assertThat(thirdEntered).as("third file while two run").isNotDone();

        complete(first);
        thirdEntered.get(5, TimeUnit.SECONDS);
        assertThat(gate.running()).isEqualTo(2);

        complete(second);
        complete(third);
        assertThat(gate.running()).isZero();
    }

    @Test
    void failedFileAlsoFreesItsPlace() throws Exception {
        InboxFileGate gate = new InboxFileGate(1);
        Exchange failing = new DefaultExchange(context);

        gate.process(failing);
        List<Synchronization> completions = failing.getExchangeExtension().handoverCompletions();
        failing.setException(new IllegalStateException("outbox not writable"));
        completions.forEach(sync -> sync.onFailure(failing));

        assertThat(gate.running()).isZero();
    }

    private static void complete(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(sync -> sync.onComplete(exchange));
    }
}

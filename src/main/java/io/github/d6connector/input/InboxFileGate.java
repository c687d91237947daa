package io.github.d6connector.input;

import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Holds the inbox consumer while {@code limit} files are being processed, so that no more than that many run at
 * once: the consumer hands each file to a thread pool and takes the next only when a file has finished.
 */
public final class InboxFileGate implements Processor {

    private final int limit;
    private final Semaphore running;

    public InboxFileGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one file must be allowed to run, got " + limit);
        }
        this.limit = limit;
        this.running = new Semaphore(limit);
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        running.acquire();

        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.release();
            }
        });
    }

    /** Number of files being processed now. */
    public int running() {
        return limit - running.availablePermits();
    }
}

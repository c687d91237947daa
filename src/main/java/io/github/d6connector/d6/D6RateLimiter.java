package io.github.d6connector.d6;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the calls to d6 from every input of the process: at most {@code requestsPerSecond} calls start in any
 * one second, and at most {@code maxConcurrent} are open at once. A 429 from d6 pauses every caller.
 *
 * <p>Call starts are spaced at least {@code 1 / requestsPerSecond} apart, which keeps every one-second
 * window at or below the limit while a steady load still reaches it.
 */
public final class D6RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(D6RateLimiter.class);

    private final Semaphore concurrent;
    private final long intervalNanos;
    private long nextStartNanos = System.nanoTime();
    private long pausedUntilNanos = System.nanoTime();
    private long waitedNanos;

    /**
     * @param requestsPerSecond most call starts per second, or 0 for no rate limit
     * @param maxConcurrent     most calls open at once, or 0 for no limit
     */
    public D6RateLimiter(double requestsPerSecond, int maxConcurrent) {
        this.concurrent = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
        this.intervalNanos = requestsPerSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / requestsPerSecond) : 0;
    }

    /** Waits until a call may start; every successful call must be followed by {@link #release()}. */
    public void acquire() throws InterruptedException {
        long started = System.nanoTime();
        if (concurrent != null) {
            concurrent.acquire();
        }
        try {
            waitForStartSlot();
        } catch (InterruptedException e) {
            release();
            throw e;
        }
        synchronized (this) {
            waitedNanos += System.nanoTime() - started;
        }
    }

    public void release() {
        if (concurrent != null) {
            concurrent.release();
        }
    }

    /** Holds back every call start for {@code pause}, as d6 asks with a 429. */
    public void pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        synchronized (this) {
            if (until - pausedUntilNanos > 0) {
                pausedUntilNanos = until;
                LOG.warn("d6 asked to slow down: every call to d6 waits {} ms", pause.toMillis());
            }
        }
    }

    /** Returns the total time callers have spent waiting in {@link #acquire()}. */
    public synchronized Duration waited() {
        return Duration.ofNanos(waitedNanos);
    }

    /**
     * Waits for a start slot. A caller that was already waiting when a 429 paused everyone checks again after
     * its sleep and takes a new slot after the pause, so no call starts during a pause.
     */
    private void waitForStartSlot() throws InterruptedException {
        while (true) {
            long slot;
            synchronized (this) {
                long now = System.nanoTime();
                slot = latest(now, latest(nextStartNanos, pausedUntilNanos));
                if (intervalNanos > 0) {
                    nextStartNanos = slot + intervalNanos;
                }
            }
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            synchronized (this) {
                if (System.nanoTime() - pausedUntilNanos >= 0) {
                    return;
                }
            }
        }
    }

    private static long latest(long a, long b) {
        return a - b > 0 ? a : b;
    }
}

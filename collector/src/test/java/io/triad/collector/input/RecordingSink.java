package io.triad.collector.input;

import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test {@link EventSink} that records what it stores. By default it completes every future at once; it can
 * instead hold futures for the test to complete, fail them, or report that it is not accepting.
 */
final class RecordingSink implements EventSink {
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private volatile boolean accepting = true;
    private volatile boolean hold;
    private volatile String failure = "";

    record Held(List<LogEvent> events, CompletableFuture<Void> future) {}

    @Override
    public CompletableFuture<Void> submit(List<LogEvent> batch) {
        batchSizes.add(batch.size());
        if (!failure.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(failure));
        }
        if (hold) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(new Held(List.copyOf(batch), f));
            return f;
        }
        events.addAll(batch);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean accepting() {
        return accepting;
    }

    void accepting(boolean value) {
        accepting = value;
    }

    /** Whether submitted futures stay incomplete until {@link #completeHeld()}. */
    void hold(boolean value) {
        hold = value;
    }

    /** Makes every later submit fail with this message; empty to succeed again. */
    void failWith(String message) {
        failure = message;
    }

    /** Stores and completes every held batch. */
    void completeHeld() {
        for (Held h : held) {
            events.addAll(h.events());
            h.future().complete(null);
        }
        held.clear();
    }

    int heldCount() {
        return held.size();
    }

    List<LogEvent> events() {
        return new ArrayList<>(events);
    }

    List<Integer> batchSizes() {
        return new ArrayList<>(batchSizes);
    }

    /** Waits until at least {@code n} events are stored and returns them; fails after {@code timeout}. */
    List<LogEvent> awaitEvents(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected at least " + n + " events within " + timeout + "; got: "
                        + events.size() + " " + events);
            }
            Thread.sleep(10);
        }
        return events();
    }
}

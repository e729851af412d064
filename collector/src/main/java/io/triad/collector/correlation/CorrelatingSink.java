package io.triad.collector.correlation;

import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventSink} that adds correlation keys to events before handing them on, so the journal, replication
 * and the index all see the same keys.
 *
 * <p>NOTE: thread safe as its delegate is.
 */
public final class CorrelatingSink implements EventSink {
    private final EventSink delegate;
    private final CorrelationExtractor extractor;

    public CorrelatingSink(EventSink delegate, CorrelationExtractor extractor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    @Override
    public CompletableFuture<Void> submit(List<LogEvent> events) {
        @Nullable List<LogEvent> out = null;
        for (int i = 0; i < events.size(); i++) {
            LogEvent e = events.get(i);
            LogEvent x = extractor.apply(e);
            if (x != e && out == null) {
                out = new ArrayList<>(events);
            }
            if (out != null) {
                out.set(i, x);
            }
        }
        return delegate.submit(out == null ? events : out);
    }

    @Override
    public boolean accepting() {
        return delegate.accepting();
    }
}

package io.triad.metrics.intake;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SampleSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps what it is given; refuses (as the store does, with IllegalArgumentException) what {@code refuse} matches. */
final class RecordingSampleSink implements SampleSink {
    record Sample(Labels labels, long ts, double value) {}

    final List<Sample> samples = new ArrayList<>();
    private final Predicate<Labels> refuse;

    RecordingSampleSink() {
        this(l -> false);
    }

    RecordingSampleSink(Predicate<Labels> refuse) {
        this.refuse = refuse;
    }

    @Override
    public synchronized void append(Labels labels, long timestampMillis, double value) {
        if (refuse.test(labels)) {
            throw new IllegalArgumentException("out of order sample for " + labels.name());
        }
        samples.add(new Sample(labels, timestampMillis, value));
    }

    /** The one sample of the series named {@code name} whose labels contain {@code pairs}. */
    Sample one(String name, String... pairs) {
        List<Sample> found = samples.stream()
                .filter(s -> s.labels().name().equals(name))
                .filter(s -> {
                    for (int i = 0; i < pairs.length; i += 2) {
                        if (!pairs[i + 1].equals(s.labels().get(pairs[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(
                    "expected one sample of " + name + " " + List.of(pairs) + "; got " + found + " among " + samples);
        }
        return found.get(0);
    }
}

package io.triad.metrics.model;

import java.util.Arrays;

/**
 * The evaluation times of an instant selector in a range query, {@code first, first + step, ...} up to {@code last},
 * and its lookback: for each time the selector takes the newest sample at or before it, if that sample is not older
 * than the lookback. Only those samples matter, at most one per step, so a source that knows the times keeps those and
 * drops the rest while it decodes (a 24 h panel at a 5 min step needs 289 of a 10 s series' 8,640 samples).
 *
 * <p>NOTE: immutable; {@link #picker()} makes a new, single-threaded picker per series.
 */
public record StepSampling(long firstMillis, long lastMillis, long stepMillis, long lookbackMillis) {
    public StepSampling {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be > 0 ms; got " + stepMillis);
        }
        if (lastMillis < firstMillis) {
            throw new IllegalArgumentException(
                    "last time (" + lastMillis + ") must not be before the first (" + firstMillis + ")");
        }
        if (lookbackMillis < 0) {
            throw new IllegalArgumentException("lookback must be >= 0 ms; got " + lookbackMillis);
        }
    }

    /** The number of evaluation times. */
    public long steps() {
        return (lastMillis - firstMillis) / stepMillis + 1;
    }

    /** The oldest sample any evaluation time can take. */
    public long fromMillis() {
        return firstMillis - lookbackMillis;
    }

    /** The last evaluation time, the newest sample any of them can take. */
    public long toMillis() {
        return firstMillis + (steps() - 1) * stepMillis;
    }

    /** A picker for one series. */
    public Picker picker() {
        return new Picker(this);
    }

    /** The samples of {@code series} that the evaluation times take. */
    public SeriesData pick(SeriesData series) {
        Picker p = picker();
        long[] ts = series.timestamps();
        double[] vs = series.values();
        for (int i = 0; i < ts.length; i++) {
            p.offer(ts[i], vs[i]);
        }
        return p.finish(series.labels());
    }

    /**
     * Takes one series' samples oldest first and keeps, for each evaluation time, the newest at or before it within
     * the lookback (a sample taken by several times is kept once).
     *
     * <p>NOTE: not thread safe; one per series.
     */
    public static final class Picker {
        private final long first;
        private final long step;
        private final long steps;
        private final long lookback;
        private long k;
        private long stepTime;
        private boolean hasCandidate;
        private long candidateTime;
        private double candidateValue;
        private long keptTime = Long.MIN_VALUE;
        private long[] ts = new long[16];
        private double[] vs = new double[16];
        private int size;

        private Picker(StepSampling s) {
            this.first = s.firstMillis;
            this.step = s.stepMillis;
            this.steps = s.steps();
            this.lookback = s.lookbackMillis;
            this.stepTime = first;
        }

        /** Offers the next sample; timestamps must increase. */
        public void offer(long t, double v) {
            while (k < steps && stepTime < t) {
                closeStep();
            }
            if (k < steps) {
                hasCandidate = true;
                candidateTime = t;
                candidateValue = v;
            }
        }

        /** The kept samples; the picker is spent. */
        public SeriesData finish(Labels labels) {
            while (k < steps && hasCandidate && candidateTime >= stepTime - lookback) {
                closeStep();
            }
            return new SeriesData(labels, Arrays.copyOf(ts, size), Arrays.copyOf(vs, size));
        }

        private void closeStep() {
            if (hasCandidate && candidateTime != keptTime && candidateTime >= stepTime - lookback) {
                if (size == ts.length) {
                    ts = Arrays.copyOf(ts, size * 2);
                    vs = Arrays.copyOf(vs, size * 2);
                }
                ts[size] = candidateTime;
                vs[size] = candidateValue;
                size++;
                keptTime = candidateTime;
            }
            k++;
            stepTime = first + k * step;
        }
    }
}

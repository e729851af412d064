package io.triad.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StepSamplingTest {
    private static final Labels L = Labels.of("__name__", "x");

    /** At every evaluation time the picked samples give the instant selector's answer over all samples. */
    @Test
    void everyEvaluationTimeSeesTheSameSampleInThePickedSeries() {
        Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(200);
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = random.nextInt(1000);
            for (int i = 0; i < n; i++) {
                // mostly regular scrapes, some gaps longer than the lookback
                t += random.nextInt(10) == 0 ? 1 + random.nextInt(5000) : 10 + random.nextInt(5);
                ts[i] = t;
                vs[i] = random.nextInt(100);
            }
            long first = random.nextInt(3000) - 500;
            long step = 1 + random.nextInt(400);
            long last = first + random.nextInt(20_000);
            long lookback = random.nextInt(600);
            StepSampling sampling = new StepSampling(first, last, step, lookback);
            SeriesData picked = sampling.pick(new SeriesData(L, ts, vs));
            assertThat(picked.size()).isLessThanOrEqualTo((int) Math.min(n, sampling.steps()));
            for (long at = first; at <= last; at += step) {
                assertThat(answer(picked, at, lookback))
                        .as("round %d at %d (step %d, lookback %d)", round, at, step, lookback)
                        .isEqualTo(answer(new SeriesData(L, ts, vs), at, lookback));
            }
        }
    }

    @Test
    void aSampleTakenByManyStepsIsKeptOnceAndOldSamplesAreDropped() {
        SeriesData s = new SeriesData(L, new long[] {0, 10, 20, 30, 1000}, new double[] {1, 2, 3, 4, 5});
        SeriesData picked = new StepSampling(25, 1100, 50, 300).pick(s);
        assertThat(picked.timestamps()).containsExactly(20, 30, 1000);
        assertThat(picked.values()).containsExactly(3, 4, 5);
        assertThat(new StepSampling(25, 1100, 50, 300).toMillis()).isEqualTo(1075);
    }

    @Test
    void invalidSamplingsAreRefused() {
        assertThatThrownBy(() -> new StepSampling(0, 10, 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step must be > 0 ms; got 0");
        assertThatThrownBy(() -> new StepSampling(10, 0, 1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepSampling(0, 10, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The instant selector's answer at {@code at}: the newest sample at or before it within the lookback. */
    private static String answer(SeriesData s, long at, long lookback) {
        long[] ts = s.timestamps();
        int i = Arrays.binarySearch(ts, at);
        int idx = i >= 0 ? i : -i - 2;
        if (idx < 0 || ts[idx] < at - lookback) {
            return "none";
        }
        return ts[idx] + "=" + s.values()[idx];
    }
}

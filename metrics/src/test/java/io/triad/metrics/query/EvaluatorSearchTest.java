package io.triad.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorSearchTest {

    @Test
    void gallopingFromAnyHintFindsWhatTheBinarySearchFinds() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            long[] ts = new long[random.nextInt(60)];
            long t = random.nextInt(5);
            for (int i = 0; i < ts.length; i++) {
                t += 1 + random.nextInt(20);
                ts[i] = t;
            }
            for (int probe = 0; probe < 50; probe++) {
                long at = random.nextInt((int) t + 30) - 10;
                int expected = linear(ts, at);
                assertThat(Evaluator.lastAtOrBefore(ts, at)).isEqualTo(expected);
                int hint = random.nextInt(ts.length + 3) - 2;
                assertThat(Evaluator.lastAtOrBefore(ts, at, hint))
                        .as("t=%d hint=%d in %d timestamps", at, hint, ts.length)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void stepsMovingForwardReuseTheirCursor() {
        long[] ts = new long[1000];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 10_000L * i;
        }
        int cursor = -1;
        for (long t = -5_000; t < 10_100_000; t += 300_000) {
            cursor = Evaluator.lastAtOrBefore(ts, t, cursor);
            assertThat(cursor).isEqualTo(linear(ts, t));
        }
    }

    private static int linear(long[] ts, long t) {
        int found = -1;
        for (int i = 0; i < ts.length && ts[i] <= t; i++) {
            found = i;
        }
        return found;
    }
}

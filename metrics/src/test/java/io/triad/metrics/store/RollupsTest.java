package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollupsTest {

    @Test
    void builderKeepsMinMaxSumCountAndLastPerStepAndSkipsNaN() {
        Rollups.Builder b = new Rollups.Builder(60_000);
        b.add(60_000, 5);
        b.add(70_000, Double.NaN);
        b.add(80_000, -1);
        b.add(119_999, 3);
        b.add(120_000, 7);
        assertThat(b.buckets())
                .containsExactly(new RollupBucket(60_000, -1, 5, 7, 3, 3), new RollupBucket(120_000, 7, 7, 7, 1, 7));
    }

    @Test
    void negativeTimestampsFallIntoTheStepThatContainsThem() {
        Rollups.Builder b = new Rollups.Builder(60_000);
        b.add(-1, 1);
        assertThat(b.buckets().get(0).start()).isEqualTo(-60_000);
    }

    @Test
    void encodedBucketsDecodeToTheSameBuckets() {
        SplittableRandom r = new SplittableRandom(7);
        Rollups.Builder b = new Rollups.Builder(60_000);
        long t = 1_764_000_000_000L;
        for (int i = 0; i < 5000; i++) {
            t += 10_000 + r.nextInt(0, 3) * 60_000L;
            b.add(t, r.nextInt(3) == 0 ? r.nextDouble() : r.nextInt(100));
        }
        List<RollupBucket> buckets = b.buckets();
        assertThat(Rollups.decode(Rollups.encode(buckets))).isEqualTo(buckets);
    }

    @Test
    void partsOfOneStepFromTwoChunksMergeInOrder() {
        List<RollupBucket> first = List.of(new RollupBucket(0, 1, 4, 5, 2, 4), new RollupBucket(60_000, 2, 2, 2, 1, 2));
        List<RollupBucket> second =
                List.of(new RollupBucket(60_000, 0, 9, 9, 2, 9), new RollupBucket(120_000, 3, 3, 3, 1, 3));
        assertThat(Rollups.mergeInOrder(List.of(first, second)))
                .containsExactly(
                        new RollupBucket(0, 1, 4, 5, 2, 4),
                        new RollupBucket(60_000, 0, 9, 11, 3, 9),
                        new RollupBucket(120_000, 3, 3, 3, 1, 3));
    }
}

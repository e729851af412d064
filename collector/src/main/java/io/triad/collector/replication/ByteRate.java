package io.triad.collector.replication;

/**
 * A token bucket over bytes: {@link #acquire} waits until the bytes fit the rate, with a burst of one second's worth.
 *
 * <p>NOTE: not thread safe; one stream owns one.
 */
final class ByteRate {
    private final long bytesPerSecond;
    private double tokens;
    private long lastNanos;

    /** @param bytesPerSecond the rate; 0 for no limit */
    ByteRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.tokens = bytesPerSecond;
        this.lastNanos = System.nanoTime();
    }

    /**
     * Takes {@code bytes}, sleeping first while the bucket holds fewer.
     *
     * @return the nanoseconds waited
     */
    long acquire(long bytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return 0;
        }
        refill();
        tokens -= bytes;
        if (tokens >= 0) {
            return 0;
        }
        long waitNanos = (long) (-tokens * 1e9 / bytesPerSecond);
        long until = System.nanoTime() + waitNanos;
        long left = waitNanos;
        while (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            left = until - System.nanoTime();
        }
        refill();
        return waitNanos;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(bytesPerSecond, tokens + (now - lastNanos) * (double) bytesPerSecond / 1e9);
        lastNanos = now;
    }
}

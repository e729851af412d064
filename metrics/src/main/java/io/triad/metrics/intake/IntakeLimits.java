package io.triad.metrics.intake;

/**
 * The limits of the pushed-telemetry intake ({@link OtlpMetrics}, {@link RemoteWrite}); a request or series beyond
 * one is refused with a message naming the limit and the value, and counted.
 *
 * @param maxDecompressedBytes the largest body once decompressed (a remote_write Snappy block declares its length
 *     first, so a bomb is refused before it is expanded)
 * @param maxSeriesPerRequest the most series one request may carry: remote_write time series, or OTLP data points
 *     (a histogram point becomes several series); more is a 400 for the whole request
 * @param maxLabelsPerSeries the most labels of one series, the name and Triad's site, host and component included
 * @param maxLabelNameLength the longest label name, in characters
 * @param maxLabelValueLength the longest label value, in characters
 */
public record IntakeLimits(
        int maxDecompressedBytes,
        int maxSeriesPerRequest,
        int maxLabelsPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength) {

    public IntakeLimits {
        positive("maxDecompressedBytes", maxDecompressedBytes);
        positive("maxSeriesPerRequest", maxSeriesPerRequest);
        if (maxLabelsPerSeries < 5) {
            throw new IllegalArgumentException(
                    "maxLabelsPerSeries must be >= 5 (name, site, host, component and one more); got: "
                            + maxLabelsPerSeries);
        }
        positive("maxLabelNameLength", maxLabelNameLength);
        positive("maxLabelValueLength", maxLabelValueLength);
    }

    /** 32 MiB bodies, 10,000 series per request, 64 labels, 128-character names and 2,048-character values. */
    public static IntakeLimits defaults() {
        return new IntakeLimits(32 * 1024 * 1024, 10_000, 64, 128, 2048);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0; got: " + value);
        }
    }
}

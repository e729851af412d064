package io.triad.metrics.store;

/** Chunk bytes that cannot be decoded: truncated, or a header that contradicts the data. */
final class ChunkFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChunkFormatException(String message) {
        super(message);
    }
}

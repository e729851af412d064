package io.triad.metrics.store;

/** A closed chunk (or a copy of a head chunk) of one series with its time range: an encoded {@link XorChunk}. */
record ChunkRef(long minTime, long maxTime, int samples, byte[] bytes) {}

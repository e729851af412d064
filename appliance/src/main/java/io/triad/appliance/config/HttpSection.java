package io.triad.appliance.config;

/** Limits of the HTTP inputs. */
public final class HttpSection {
    public int maxBodyBytes = 16 * 1024 * 1024;
    public int maxDecompressedBytes = 64 * 1024 * 1024;
    public int maxLines = 100_000;

    /** The longest line of an NDJSON body. */
    public int maxLineBytes = 1024 * 1024;
}

package io.triad.appliance.config;

/**
 * Limits of the HTTP inputs.
 *
 * @param maxLineBytes the longest line of an NDJSON body
 */
public record HttpSection(int maxBodyBytes, int maxDecompressedBytes, int maxLines, int maxLineBytes) {
    /** The defaults. */
    public HttpSection() {
        this(16 * 1024 * 1024, 64 * 1024 * 1024, 100_000, 1024 * 1024);
    }
}

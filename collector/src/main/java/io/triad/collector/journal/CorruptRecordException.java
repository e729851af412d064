package io.triad.collector.journal;

import java.io.IOException;

/** A journal record whose bytes are not a valid record: wrong length, wrong CRC or a malformed payload. */
final class CorruptRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
        super(message);
    }

    CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

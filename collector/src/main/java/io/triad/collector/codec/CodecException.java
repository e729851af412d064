package io.triad.collector.codec;

/**
 * Input a codec rejects as a whole. The message says what was expected and what came, for example {@code
 * "GELF message must be a JSON object; got: array"}. Inputs count these and go on with the next message.
 */
public final class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}

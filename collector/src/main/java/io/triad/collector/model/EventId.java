package io.triad.collector.model;

import java.util.Objects;

/**
 * The identity of a log event across sites: the site that first journaled it and the sequence number it got
 * there. Applying an event with an identity already present is a no-op, so the data sites converge on the
 * union of their events.
 *
 * <p>The text form is {@code originSite:originSeq}, for example {@code site-a:1042}.
 */
public record EventId(String originSite, long originSeq) implements Comparable<EventId> {

    /** The identity of an event that no journal has accepted yet. */
    public static final EventId NONE = new EventId("", 0);

    public EventId {
        Objects.requireNonNull(originSite, "originSite");
        if (originSeq < 0) {
            throw new IllegalArgumentException("originSeq must be >= 0; got: " + originSeq);
        }
        if (originSite.indexOf(':') >= 0) {
            throw new IllegalArgumentException("originSite must not contain ':'; got: " + originSite);
        }
    }

    /** Whether a journal has assigned this identity. */
    public boolean assigned() {
        return originSeq > 0;
    }

    /**
     * Parses the text form {@code site:seq}.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static EventId parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("event id must be of the form site:sequence; got: " + text);
        }
        try {
            return new EventId(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("event id must be of the form site:sequence; got: " + text, e);
        }
    }

    @Override
    public int compareTo(EventId o) {
        int c = originSite.compareTo(o.originSite);
        return c != 0 ? c : Long.compare(originSeq, o.originSeq);
    }

    @Override
    public String toString() {
        return originSite + ":" + originSeq;
    }
}

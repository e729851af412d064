package io.triad.metrics.alerts;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A silence, as in Alertmanager: alerts whose labels satisfy every matcher are muted from {@code startsAt} until
 * {@code endsAt} (they still change state and are logged, but webhooks hear nothing). A maintenance window is a
 * silence that starts in the future and matches on {@code site} and/or {@code component}.
 *
 * <p>NOTE: immutable and thread safe.
 *
 * @param id the store's id (0 before it is stored)
 * @param matchers at least one, and together not matching an alert without labels
 * @param startsAt when it starts muting
 * @param endsAt when it stops (after {@code startsAt})
 * @param createdBy who made it (the API caller)
 * @param comment why
 * @param createdAt when it was made
 */
public record Silence(
        long id,
        List<LabelMatcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        Instant createdAt) {

    /** Where a silence is in its life at a given time. */
    public enum Status {
        PENDING,
        ACTIVE,
        EXPIRED;

        /** {@code pending}, {@code active} or {@code expired}, as Alertmanager's {@code status.state}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Silence {
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        matchers = List.copyOf(matchers);
        boolean matchesEverything = true;
        for (LabelMatcher m : matchers) {
            matchesEverything &= m.matches(Labels.of());
        }
        if (matchesEverything) {
            throw new IllegalArgumentException(
                    "a silence's matchers must not all match an empty label (it would mute every alert): " + matchers);
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException(
                    "a silence's endsAt (" + endsAt + ") must be after its startsAt (" + startsAt + ")");
        }
        if (createdBy.isBlank()) {
            throw new IllegalArgumentException("a silence needs createdBy");
        }
    }

    /** Its status at {@code now}. */
    public Status status(Instant now) {
        if (now.isBefore(startsAt)) {
            return Status.PENDING;
        }
        return now.isBefore(endsAt) ? Status.ACTIVE : Status.EXPIRED;
    }

    /** Whether it mutes an alert with these labels at {@code now}. */
    public boolean mutes(Labels labels, Instant now) {
        if (status(now) != Status.ACTIVE) {
            return false;
        }
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}

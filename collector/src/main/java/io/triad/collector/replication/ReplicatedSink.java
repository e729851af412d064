package io.triad.collector.replication;

import io.triad.collector.journal.Journal;
import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The sink of an input on a replicated data site: appends to the local journal and, with ack policy {@link
 * AckPolicy#BOTH}, completes only once the peer holds the events too (or the coordinator declared the peer down).
 *
 * <p>While this site is fenced (cut off from the quorum) it keeps accepting events, which join the union when the
 * partition heals; each is flagged with {@value #FENCED_FIELD}{@code =true} and {@value #EPOCH_FIELD}, the last epoch
 * this site knew, so a search can tell what a fenced site wrote.
 *
 * <p>Back-pressure: not accepting while the journal is not, or while more than {@code maxWaiting} appends wait for
 * the peer.
 *
 * <p>NOTE: thread safe.
 */
final class ReplicatedSink implements EventSink {

    /** The field set on events written while this site was fenced. */
    public static final String FENCED_FIELD = "triad.fenced";

    /** The field holding the epoch a fenced site knew when it wrote the event. */
    public static final String EPOCH_FIELD = "triad.epoch";

    private final Journal journal;
    private final AckPolicy policy;
    private final PeerAcks acks;
    private final SiteView view;
    private final int maxWaiting;

    /**
     * @param maxWaiting appends waiting for the peer beyond which the sink stops accepting
     */
    public ReplicatedSink(Journal journal, AckPolicy policy, PeerAcks acks, SiteView view, int maxWaiting) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.acks = Objects.requireNonNull(acks, "acks");
        this.view = Objects.requireNonNull(view, "view");
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("maxWaiting must be >= 1; got: " + maxWaiting);
        }
        this.maxWaiting = maxWaiting;
    }

    /** The policy this sink acknowledges by. */
    public AckPolicy policy() {
        return policy;
    }

    @Override
    public CompletableFuture<Void> submit(List<LogEvent> events) {
        List<LogEvent> out = view.fenced() ? flagged(events, view.epoch()) : events;
        CompletableFuture<Long> local = journal.append(out);
        if (policy == AckPolicy.LOCAL) {
            return local.thenApply(seq -> null);
        }
        return local.thenCompose(acks::await);
    }

    @Override
    public boolean accepting() {
        return journal.accepting() && (policy == AckPolicy.LOCAL || acks.waiting() < maxWaiting);
    }

    static List<LogEvent> flagged(List<LogEvent> events, long epoch) {
        List<LogEvent> out = new ArrayList<>(events.size());
        String e = Long.toString(epoch);
        for (LogEvent event : events) {
            out.add(event.toBuilder()
                    .field(FENCED_FIELD, "true")
                    .field(EPOCH_FIELD, e)
                    .build());
        }
        return out;
    }
}

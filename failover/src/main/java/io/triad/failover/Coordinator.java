package io.triad.failover;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * This site's handle on the replicated cluster state: submit changes, read the state, follow it and the leadership,
 * and know whether this site may act (its {@link Lease}).
 *
 * <p>Contract: a change {@link #submit submitted} on any site is applied by every site's state machine in one order;
 * its future completes with the state version it produced once it is committed and applied here, or exceptionally with
 * {@link RejectedChangeException} (the state refused it, on every site alike) or another exception when no quorum took
 * it within the request timeout (it may still be applied later). {@link #state()} is the state this site has applied:
 * after a successful submit it includes the change; on a follower it may lag the leader by the changes in flight.
 *
 * <p>Self-fencing: a data site may act as primary of a single-active component only while it {@link #holdsLease()
 * holds a lease}, that is while it has been in touch with a quorum within the lease timeout. A site cut off from the
 * others loses the lease at most the lease timeout after its last contact, on its own, without hearing from anyone; the
 * majority may promote another primary once that time (plus a margin for clock rates) has passed since it last heard
 * from the cut-off site.
 *
 * <p>NOTE: implementations are thread safe. Listeners are called on one thread owned by the coordinator, one event at
 * a time and in order; a listener must not block it for long. Lifecycle: a coordinator is started by its factory or
 * constructor and runs until {@link #close()}, after which {@code submit} fails and the listeners hear nothing more.
 */
public interface Coordinator extends AutoCloseable {

    /** This site's id. */
    String siteId();

    /** Proposes a change; the future gives the state version it produced once it is applied on this site. */
    CompletableFuture<Long> submit(ClusterChange change);

    /** The state this site has applied. */
    ClusterState state();

    /** Whether this site is the leader now (the one that runs the controller). */
    boolean isLeader();

    /** The leader this site knows of, if any. */
    Optional<String> leader();

    /** This site's standing at the moment of the call. */
    Lease lease();

    /** Whether this site holds a valid lease now: see {@link Lease#validAt}. */
    default boolean holdsLease() {
        return lease().validAt(System.nanoTime());
    }

    /**
     * On the leader, when each other voter last answered it ({@link System#nanoTime()} of this JVM), by site id; empty
     * on a follower. A voter that has not answered since this site's election counts from the election. The
     * controller reads a site as reachable while its answer is younger than the lease timeout, and as fenced (its
     * lease has run out, so it acts as primary no more) once it is older than the lease timeout plus a margin.
     */
    java.util.Map<String, Long> peerContacts();

    /** Registers a listener; it hears the current state and leadership at once, then every change. */
    Subscription watch(Listener listener);

    /** Stops this site's part of the cluster; idempotent. */
    @Override
    void close();

    /** What a watcher hears. Both methods default to doing nothing. */
    interface Listener {
        /** The state changed (or, at registration, the current state). */
        default void stateChanged(ClusterState state) {}

        /**
         * The leadership this site knows of changed: a new term, another leader, or none.
         *
         * @param leader the leader's site id, or empty while there is none
         */
        default void leaderChanged(Optional<String> leader, long term) {}
    }

    /** Ends a {@link #watch}; idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

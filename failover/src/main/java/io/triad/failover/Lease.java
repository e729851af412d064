package io.triad.failover;

import org.jspecify.annotations.Nullable;

/**
 * A site's standing in the group at one moment: the term it knows, the leader it knows of, until when it is in touch
 * with a quorum, and, on the leader, from when its leadership is exclusive. Times are {@link System#nanoTime()}
 * values of this JVM.
 *
 * <p>A site is in touch with a quorum when, within the lease timeout, a follower heard from its leader or a leader had
 * its heartbeats answered by a majority (itself included). A new leader's leadership becomes exclusive only one lease
 * timeout after its election: by then the lease of any leader it replaced has run out, because that one could not
 * reach a majority for at least the election timeout before the new one was elected. So no two sites are ever
 * {@link #leaderAt leaders} at the same instant.
 *
 * @param site this site
 * @param term the Raft term this site knows (the single-site coordinator's is 1)
 * @param leader the leader this site knows of, or null
 * @param expiresAtNanos the lease's end: the last quorum contact plus the lease timeout
 * @param exclusiveFromNanos on the leader, when its leadership became (or becomes) exclusive; else unused
 */
public record Lease(String site, long term, @Nullable String leader, long expiresAtNanos, long exclusiveFromNanos) {

    /** Whether this site is the leader it knows of. */
    public boolean isLeader() {
        return site.equals(leader);
    }

    /** Whether the lease is valid at {@code nanoTime}: this site may act as primary. */
    public boolean validAt(long nanoTime) {
        return nanoTime - expiresAtNanos < 0;
    }

    /** Whether this site is the only leader at {@code nanoTime}: leader, with a valid lease, exclusive. */
    public boolean leaderAt(long nanoTime) {
        return isLeader() && validAt(nanoTime) && nanoTime - exclusiveFromNanos >= 0;
    }
}

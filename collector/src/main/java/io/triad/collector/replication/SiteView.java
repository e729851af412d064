package io.triad.collector.replication;

/**
 * What replication needs to know of the cluster coordinator's view, from this site's side.
 *
 * <p>NOTE: implementations are thread safe and cheap; they are read for every append and polled often.
 */
public interface SiteView {

    /**
     * Whether the coordinator has declared the peer data site down, as this site knows while it holds the quorum's
     * lease; {@code both} acknowledgements then fall back to {@code local}. Never true merely because the peer is
     * slow or unreachable from here.
     */
    boolean peerDeclaredDown();

    /** Whether this site is cut off from the quorum (its lease lapsed): it is fenced, its events get flagged. */
    boolean fenced();

    /** The cluster epoch (fencing token) this site knows. */
    long epoch();

    /** A site with no cluster: never fenced, its peer never declared down. */
    SiteView STANDALONE = new SiteView() {
        @Override
        public boolean peerDeclaredDown() {
            return false;
        }

        @Override
        public boolean fenced() {
            return false;
        }

        @Override
        public long epoch() {
            return 0;
        }
    };
}

package io.triad.failover;

import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator of a bare single-site appliance: this site is the whole cluster, always the leader with a lease that
 * never runs out. The state is held in memory and written as JSON ({@code {"format": 1, ...}}, the snapshot format of
 * the Ratis coordinator) to one file after every change, from which it is read at start.
 *
 * <p>NOTE: thread safe; changes are applied one at a time under this object's lock, in the order {@link #submit} was
 * called, and the future is complete when it returns. Listeners hear the change on the listeners' thread.
 */
public final class SingleSiteCoordinator implements Coordinator {
    /** The state file below the directory given to {@link #open}. */
    static final String FILE = "cluster-state.json";

    private static final long FOREVER_NANOS = 365L * 24 * 3600 * 1_000_000_000L;

    private final String site;
    private final Path file;
    private final Watchers watchers;
    private final long startedNanos = System.nanoTime();
    private ClusterState state; // guarded by this
    private boolean closed; // guarded by this

    private SingleSiteCoordinator(String site, Path file, ClusterState state) {
        this.site = Names.requireId("site id", site);
        this.file = file;
        this.state = state;
        this.watchers = new Watchers(site);
        watchers.stateChanged(state);
        watchers.leaderChanged(Optional.of(site), 1);
    }

    /**
     * Opens the coordinator of {@code site} with its state in {@code dir} ({@code <data>/raft}), empty at the first
     * start.
     *
     * @throws IOException if the state file cannot be read or is not a state of the supported format
     */
    public static SingleSiteCoordinator open(String site, Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        ClusterState s = ClusterState.EMPTY;
        if (Files.exists(f)) {
            try {
                s = ClusterJson.snapshot(Files.readAllBytes(f)).state();
            } catch (IOException e) {
                throw new IOException(f + ": " + e.getMessage(), e);
            }
        }
        return new SingleSiteCoordinator(site, f, s);
    }

    @Override
    public String siteId() {
        return site;
    }

    @Override
    public CompletableFuture<Long> submit(ClusterChange change) {
        ClusterState after;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("coordinator is closed"));
            }
            try {
                after = change.applyTo(state);
            } catch (RejectedChangeException e) {
                return CompletableFuture.failedFuture(e);
            }
            try {
                DurableFiles.writeCreatingDirectories(file, ClusterJson.snapshot(1, after.version(), after));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(
                        new IOException("cannot write the cluster state to " + file + ": " + e.getMessage(), e));
            }
            state = after;
            watchers.stateChanged(after);
        }
        return CompletableFuture.completedFuture(after.version());
    }

    @Override
    public synchronized ClusterState state() {
        return state;
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public Optional<String> leader() {
        return Optional.of(site);
    }

    @Override
    public Lease lease() {
        return new Lease(site, 1, site, System.nanoTime() + FOREVER_NANOS, startedNanos);
    }

    @Override
    public java.util.Map<String, Long> peerContacts() {
        return java.util.Map.of();
    }

    @Override
    public Subscription watch(Listener listener) {
        return watchers.add(listener);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watchers.close();
    }
}

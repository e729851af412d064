package io.triad.failover;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one coordinator and the one thread that calls them, in the order the events happened. A new
 * listener hears the latest state and leadership first. A listener that throws is logged and kept.
 */
final class Watchers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchers.class);

    private final List<Coordinator.Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;
    // written and read on the dispatch thread only
    private ClusterState lastState = ClusterState.EMPTY;
    private Optional<String> lastLeader = Optional.empty();
    private long lastTerm;

    Watchers(String site) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "triad-cluster-watch-" + site);
            t.setDaemon(true);
            return t;
        });
    }

    Coordinator.Subscription add(Coordinator.Listener l) {
        run(() -> {
            listeners.add(l);
            call(() -> l.stateChanged(lastState));
            call(() -> l.leaderChanged(lastLeader, lastTerm));
        });
        return () -> listeners.remove(l);
    }

    void stateChanged(ClusterState s) {
        run(() -> {
            if (s.version() < lastState.version()) {
                return; // an older state reached the queue late (a snapshot load racing an apply): keep the newer
            }
            lastState = s;
            for (Coordinator.Listener l : listeners) {
                call(() -> l.stateChanged(s));
            }
        });
    }

    void leaderChanged(Optional<String> leader, long term) {
        run(() -> {
            lastLeader = leader;
            lastTerm = term;
            for (Coordinator.Listener l : listeners) {
                call(() -> l.leaderChanged(leader, term));
            }
        });
    }

    private void run(Runnable r) {
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            // closed: listeners hear nothing more, as the contract says
        }
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("a cluster listener failed", e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

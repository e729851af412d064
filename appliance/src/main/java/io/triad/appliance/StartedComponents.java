package io.triad.appliance;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of an appliance in the order they started, closed in reverse: the last started first.
 *
 * <p>NOTE: not thread safe; the {@link Appliance} that owns it starts and closes under its own lock.
 */
final class StartedComponents {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Records a started component, to be closed before every one recorded earlier; returns it. */
    <T extends AutoCloseable> T push(T component) {
        started.push(component);
        return component;
    }

    /**
     * Closes every component, the last started first; a failure is logged and the others are closed still.
     *
     * @return whether every component closed cleanly
     */
    boolean closeAll() {
        boolean clean = true;
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                clean = false;
                LOG.error("closing {} failed", c.getClass().getSimpleName(), e);
            }
        }
        return clean;
    }
}

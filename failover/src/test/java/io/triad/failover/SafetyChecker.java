package io.triad.failover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Samples every running member's {@link Lease} every millisecond or two and records what would break safety: two
 * sites claiming leadership of one term, two sites whose exclusive leaderships ({@link Lease#leaderAt}) overlap in time,
 * and the witness leading. Start it before the faults, {@link #close} it after, then read {@link #violations()}.
 */
final class SafetyChecker implements AutoCloseable {
    private record Interval(String site, long term, long from, long to) {}

    private final Supplier<List<Coordinator>> members;
    private final Thread thread;
    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final List<Interval> exclusive = new ArrayList<>();
    private final Map<String, Interval> open = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final java.util.Set<Long> witnessTerms = new java.util.TreeSet<>();
    private final Map<Long, Long> witnessSince = new HashMap<>();
    /** How long the witness may lead (its log was ahead) before Ratis must have handed leadership to a data site. */
    private static final long WITNESS_HANDOVER_NANOS = 2_000_000_000L;

    private volatile boolean running = true;
    private long samples;

    SafetyChecker(Supplier<List<Coordinator>> members) {
        this.members = members;
        this.thread = Thread.ofPlatform().daemon().name("safety-checker").start(this::loop);
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        samples++;
        for (Coordinator c : members.get()) {
            Lease l;
            try {
                l = c.lease();
            } catch (RuntimeException e) {
                continue; // closing
            }
            long now = System.nanoTime();
            if (l.isLeader()) {
                String before = leaderOfTerm.putIfAbsent(l.term(), l.site());
                if (before != null && !before.equals(l.site())) {
                    violations.add("term " + l.term() + " has two leaders: " + before + " and " + l.site());
                }
                if (l.site().equals("witness")) {
                    witnessTerms.add(l.term());
                    witnessSince.putIfAbsent(l.term(), now);
                    if (now - witnessSince.get(l.term()) > WITNESS_HANDOVER_NANOS) {
                        violations.add("the witness kept leading term " + l.term() + " for more than 2 s");
                    }
                }
            }
            Interval cur = open.get(l.site());
            if (l.leaderAt(now)) {
                if (cur != null && cur.term() == l.term()) {
                    open.put(
                            l.site(),
                            new Interval(l.site(), l.term(), cur.from(), Math.max(cur.to(), l.expiresAtNanos())));
                } else {
                    if (cur != null) {
                        exclusive.add(cur);
                    }
                    open.put(l.site(), new Interval(l.site(), l.term(), now, l.expiresAtNanos()));
                }
            } else if (cur != null) {
                exclusive.add(cur);
                open.remove(l.site());
            }
        }
    }

    /** The terms the witness led in (only while its log was ahead of the data site left). */
    synchronized java.util.Set<Long> witnessTerms() {
        return new java.util.TreeSet<>(witnessTerms);
    }

    synchronized long samples() {
        return samples;
    }

    /** The terms in which a leader was seen, and by whom. */
    synchronized Map<Long, String> leaders() {
        return new HashMap<>(leaderOfTerm);
    }

    synchronized List<String> violations() {
        List<String> out = new ArrayList<>(violations);
        List<Interval> all = new ArrayList<>(exclusive);
        all.addAll(open.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Interval a = all.get(i);
                Interval b = all.get(j);
                if (!a.site().equals(b.site()) && a.from() - b.to() < 0 && b.from() - a.to() < 0) {
                    out.add("exclusive leaderships overlap: " + a + " and " + b);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}

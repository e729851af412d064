package io.triad.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * No component with two primaries. From every state a site shows: at most one primary in a placement; one primary
 * per component and epoch across all sites' states; no two sites running as primary in one epoch; the witness only
 * ever {@code stopped}. From the hooks: a site's time as primary (its {@code promote} line to its next {@code
 * demote} or {@code stop} line, its kill, or the end) never overlaps another site's for one component.
 *
 * <p>NOTE: thread-safe: the watch streams' threads and the test's thread report to one checker.
 */
public final class PrimaryChecker {
    private final Map<String, String> primaryByEpoch = new HashMap<>();
    private final Set<String> violations = new LinkedHashSet<>();
    private final Map<String, Long> states = new TreeMap<>();
    private long intervals;

    public synchronized void observe(String seenOn, JsonNode view) {
        states.merge(seenOn, 1L, Long::sum);
        long epoch = view.path("epoch").asLong(-1);
        Set<String> witnesses = new HashSet<>();
        view.path("sites").forEach(s -> {
            if (s.path("role").asText().equals("witness")) {
                witnesses.add(s.path("id").asText());
            }
        });
        for (JsonNode c : view.path("components")) {
            String name = c.path("name").asText();
            List<String> primaries = new ArrayList<>();
            Map<Long, List<String>> running = new TreeMap<>();
            for (JsonNode p : c.path("placement")) {
                String site = p.path("site").asText();
                String role = p.path("role").asText();
                String applied = p.path("applied").path("role").asText("stopped");
                if (witnesses.contains(site) && !(role.equals("stopped") && applied.equals("stopped"))) {
                    violations.add("the witness is " + role + "/" + applied + " for " + name + " on " + seenOn);
                }
                if (role.equals("primary")) {
                    primaries.add(site);
                }
                if (applied.equals("primary")) {
                    running.computeIfAbsent(p.path("applied").path("epoch").asLong(), e -> new ArrayList<>())
                            .add(site);
                }
            }
            if (!c.path("mode").asText().equals("active-standby")) {
                continue;
            }
            if (primaries.size() > 1) {
                violations.add(name + " has primaries " + primaries + " in epoch " + epoch + " on " + seenOn);
            } else if (primaries.size() == 1) {
                String before = primaryByEpoch.putIfAbsent(name + "@" + epoch, primaries.get(0));
                if (before != null && !before.equals(primaries.get(0))) {
                    violations.add(name + " has primaries " + before + " and " + primaries.get(0) + " in epoch " + epoch
                            + " (seen on " + seenOn + ")");
                }
            }
            running.forEach((e, sites) -> {
                if (sites.size() > 1) {
                    violations.add(name + ": " + sites + " run as primary in epoch " + e + " on " + seenOn);
                }
            });
        }
    }

    public synchronized void checkHooks(Map<String, List<HookLine>> hooks, Map<String, List<Long>> kills, long end) {
        record Interval(String site, long from, long to) {}
        Map<String, List<Interval>> byComponent = new TreeMap<>();
        Map<String, String> promoted = new HashMap<>();
        hooks.forEach((site, lines) -> {
            List<HookLine> marks = new ArrayList<>(lines);
            for (long k : kills.getOrDefault(site, List.of())) {
                marks.add(new HookLine(k, "killed", site, "", "", 0, -1));
            }
            marks.sort(Comparator.comparingLong(HookLine::nanos));
            Map<String, Long> open = new LinkedHashMap<>();
            for (HookLine l : marks) {
                switch (l.hook()) {
                    case "killed" -> {
                        open.forEach((c, from) -> byComponent
                                .computeIfAbsent(c, x -> new ArrayList<>())
                                .add(new Interval(site, from, l.nanos())));
                        open.clear();
                    }
                    case "promote" -> {
                        open.putIfAbsent(l.component(), l.nanos());
                        String before = promoted.putIfAbsent(l.component() + "@" + l.epoch(), site);
                        if (before != null && !before.equals(site)) {
                            violations.add("hooks: " + before + " and " + site + " promoted " + l.component()
                                    + " in epoch " + l.epoch());
                        }
                    }
                    case "demote", "stop" -> {
                        Long from = open.remove(l.component());
                        if (from != null) {
                            byComponent
                                    .computeIfAbsent(l.component(), x -> new ArrayList<>())
                                    .add(new Interval(site, from, l.nanos()));
                        }
                    }
                    default -> {}
                }
            }
            open.forEach((c, from) ->
                    byComponent.computeIfAbsent(c, x -> new ArrayList<>()).add(new Interval(site, from, end)));
        });
        byComponent.forEach((c, list) -> {
            intervals += list.size();
            for (Interval a : list) {
                for (Interval b : list) {
                    if (a.site().compareTo(b.site()) < 0 && a.from() < b.to() && b.from() < a.to()) {
                        violations.add("hooks: " + c + " primary on " + a + " overlaps " + b);
                    }
                }
            }
        });
    }

    /** Adds a violation found elsewhere (the witness running a hook, say). */
    public synchronized void violation(String what) {
        violations.add(what);
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    public synchronized Map<String, Long> states() {
        return Map.copyOf(states);
    }

    public synchronized long intervals() {
        return intervals;
    }

    /**
     * Checks the hooks of the data sites ({@link #checkHooks} up to now, {@code kills} by site) and asserts what the
     * failover tests assert at their end: the witness ran no hook, the states of all three sites were checked, at least
     * {@code minIntervals} primary intervals came from the hooks, and nothing was a violation ({@code logs} says where
     * to look if something was).
     */
    public void assertNoTwoPrimaries(
            Function<String, Path> hooksLog, Map<String, List<Long>> kills, long minIntervals, Object logs)
            throws IOException {
        Map<String, List<HookLine>> hooks = new LinkedHashMap<>();
        for (String s : List.of("site-a", "site-b")) {
            hooks.put(s, HookLine.read(hooksLog.apply(s)));
        }
        checkHooks(hooks, kills, HookLine.epochNanos(Instant.now()));
        assertThat(HookLine.read(hooksLog.apply("witness")))
                .as("the witness's hooks")
                .isEmpty();
        assertThat(states()).as("states checked, by site").containsKeys("site-a", "site-b", "witness");
        assertThat(intervals()).as("primary intervals from the hooks").isGreaterThanOrEqualTo(minIntervals);
        assertThat(violations()).as("logs in %s", logs).isEmpty();
    }
}

package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The safety checks of the failover benchmark over one demo run: no active-standby component with two primaries.
 *
 * <p>From every cluster state any site shows ({@link #observe}): a component has at most one primary in its
 * placement; across all states of all sites, one component has one primary per epoch (the epoch grows with every
 * promotion, so two sites named primary in one epoch would mean two histories); no two sites report that their hooks
 * made them primary of a component in the same epoch; the witness is never placed or running anything but {@code
 * stopped}.
 *
 * <p>From the hooks' own record ({@link #checkHooks}): the intervals during which a site acted as primary of a
 * component (from its {@code promote} line to its next {@code demote} or {@code stop} line, or to the moment its
 * process was killed or the demo stopped) never overlap across sites, and no two sites were promoted in one epoch.
 *
 * <p>NOTE: thread safe (the watch threads call {@link #observe} concurrently).
 */
final class FailoverSafety {
    private final Map<String, String> primaryByEpoch = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Long> states = new TreeMap<>();
    private long intervals;

    /** Checks one cluster state ({@code GET /api/v1/cluster} or a {@code watch} event) as {@code seenOn} shows it. */
    synchronized void observe(String seenOn, JsonNode cluster) {
        states.merge(seenOn, 1L, Long::sum);
        long epoch = cluster.path("epoch").asLong(-1);
        Set<String> witnesses = new HashSet<>();
        for (JsonNode s : cluster.path("sites")) {
            if (s.path("role").asText().equals("witness")) {
                witnesses.add(s.path("id").asText());
            }
        }
        for (JsonNode c : cluster.path("components")) {
            String name = c.path("name").asText();
            List<String> primaries = new ArrayList<>();
            Map<Long, List<String>> appliedPrimary = new TreeMap<>();
            for (JsonNode p : c.path("placement")) {
                String site = p.path("site").asText();
                String role = p.path("role").asText();
                JsonNode applied = p.path("applied");
                String appliedRole = applied.path("role").asText("stopped");
                if (witnesses.contains(site) && (!role.equals("stopped") || !appliedRole.equals("stopped"))) {
                    violation("the witness " + site + " is placed as " + role + " (running " + appliedRole + ") for "
                            + name + " in epoch " + epoch + ", seen on " + seenOn);
                }
                if (role.equals("primary")) {
                    primaries.add(site);
                }
                if (appliedRole.equals("primary")) {
                    appliedPrimary
                            .computeIfAbsent(applied.path("epoch").asLong(-1), e -> new ArrayList<>())
                            .add(site);
                }
            }
            if (!c.path("mode").asText().equals("active-standby")) {
                continue;
            }
            if (primaries.size() > 1) {
                violation(name + " has " + primaries.size() + " primaries " + primaries + " in epoch " + epoch
                        + ", seen on " + seenOn);
            } else if (primaries.size() == 1) {
                String key = name + " in epoch " + epoch;
                String site = primaries.get(0);
                String before = primaryByEpoch.putIfAbsent(key, site);
                if (before != null && !before.equals(site)) {
                    violation(name + " has two primaries in epoch " + epoch + ": " + before + " and " + site
                            + " (seen on " + seenOn + ")");
                }
            }
            appliedPrimary.forEach((e, sites) -> {
                if (sites.size() > 1) {
                    violation(name + ": " + sites + " all report running as primary in epoch " + e + ", seen on "
                            + seenOn);
                }
            });
        }
    }

    /**
     * Checks the hooks' record of one demo run.
     *
     * @param hooks every data site's hooks.log lines
     * @param kills when each site's process was killed (epoch nanos)
     * @param endNanos when the demo was stopped (primaries still running then end there)
     */
    synchronized void checkHooks(
            Map<String, List<FailoverHookLine>> hooks, Map<String, List<Long>> kills, long endNanos) {
        record Interval(String site, long from, long to) {}
        Map<String, List<Interval>> byComponent = new TreeMap<>();
        Map<String, String> promotedInEpoch = new HashMap<>();
        for (Map.Entry<String, List<FailoverHookLine>> e : hooks.entrySet()) {
            String site = e.getKey();
            List<long[]> marks = new ArrayList<>(); // {nanos, index into lines or -1 for a kill}
            List<FailoverHookLine> lines = e.getValue();
            for (int i = 0; i < lines.size(); i++) {
                marks.add(new long[] {lines.get(i).nanos(), i});
            }
            for (long k : kills.getOrDefault(site, List.of())) {
                marks.add(new long[] {k, -1});
            }
            marks.sort(Comparator.comparingLong((long[] m) -> m[0]).thenComparingLong(m -> m[1]));
            Map<String, Long> open = new LinkedHashMap<>();
            for (long[] m : marks) {
                if (m[1] < 0) {
                    open.forEach((c, from) -> byComponent
                            .computeIfAbsent(c, x -> new ArrayList<>())
                            .add(new Interval(site, from, m[0])));
                    open.clear();
                    continue;
                }
                FailoverHookLine l = lines.get((int) m[1]);
                switch (l.hook()) {
                    case "promote" -> {
                        open.putIfAbsent(l.component(), l.nanos());
                        String key = l.component() + " in epoch " + l.epoch();
                        String before = promotedInEpoch.putIfAbsent(key, site);
                        if (before != null && !before.equals(site)) {
                            violation("hooks: both " + before + " and " + site + " were promoted for " + key);
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
                    byComponent.computeIfAbsent(c, x -> new ArrayList<>()).add(new Interval(site, from, endNanos)));
        }
        for (Map.Entry<String, List<Interval>> e : byComponent.entrySet()) {
            List<Interval> list = e.getValue();
            intervals += list.size();
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Interval a = list.get(i);
                    Interval b = list.get(j);
                    if (!a.site().equals(b.site()) && a.from() < b.to() && b.from() < a.to()) {
                        violation("hooks: " + e.getKey() + " primary on " + a.site() + " " + instant(a.from()) + " .. "
                                + instant(a.to()) + " overlaps " + b.site() + " " + instant(b.from()) + " .. "
                                + instant(b.to()));
                    }
                }
            }
        }
    }

    /** Adds a violation found elsewhere (the witness running a hook, say). */
    synchronized void violation(String what) {
        if (reported.add(what)) {
            violations.add(what);
        }
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** States checked so far, by the site that showed them. */
    synchronized Map<String, Long> states() {
        return Map.copyOf(states);
    }

    /** Primary intervals the hook checks compared so far. */
    synchronized long intervals() {
        return intervals;
    }

    private static String instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos).toString();
    }
}

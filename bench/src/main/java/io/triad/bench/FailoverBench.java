package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.testkit.cluster.ClusterWatch;
import io.triad.testkit.cluster.HookLine;
import io.triad.testkit.cluster.PrimaryChecker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code bench/failover.sh}: kill/restore cycles of a data site's process in {@code triad demo} (three processes on
 * loopback: site-a, site-b, the witness). Each cycle takes the placement from a live site's API, SIGKILLs one data
 * site's process and measures, from the moment just before the signal (wall clock, as the hooks' {@code date +%s%N}):
 *
 * <ul>
 *   <li><b>failover</b>: until the survivor's {@code promote} hook ran, for every active-standby component whose
 *       primary the killed site was (the cycle's figure is the latest of them);
 *   <li><b>active-active takeover</b>: until the survivor's {@code set-weight BACKBONE active 100} hook;
 * </ul>
 *
 * then runs {@code triad demo restore} and measures, from the restored process's start (the kernel's start time):
 * its first hook, and the <b>failback</b>: until it ran {@code promote} of every component that had moved off it.
 * Before the next cycle the whole placement must be back as it was (every site up, the same primaries, the active
 * components at an even share, every agent having applied it).
 *
 * <p>The killed site alternates: the first cycle of each demo kills EAP's primary, the next one the other data site
 * (EAP returns to its preferred site at every failback, so always killing its primary would always kill the same
 * site). The planner doubles a component's stabilization with every failover of it within the hour, so a demo serves
 * {@code cyclesPerDemo} cycles (default 2: each site killed once, every failback at the configured stabilization)
 * and the next cycles run on a fresh demo.
 *
 * <p>A killed site that does not come back (its restored process exits) ends its demo: the cycle's failover counts,
 * its failback does not, the failure is printed with the site's last log line, the next cycles run on a fresh demo,
 * and the exit status is 1.
 *
 * <p>Safety, throughout: every site's {@code /api/v1/cluster/watch} is followed and each state checked by {@link
 * PrimaryChecker}; after each demo its hooks' record is checked too. Any violation is printed and the exit status is
 * 1.
 *
 * <p>Arguments: work directory, the distribution's lib directory, cycles, cycles per demo, stabilization seconds.
 * System properties {@code triad.java} (the java binary) and {@code triad.jvmOpts} (Triad's JVM options, space
 * separated).
 */
public final class FailoverBench {
    private static final List<String> ACTIVE_STANDBY = List.of("AAM", "EAP", "GSM");
    private static final String TAKEOVER = "BACKBONE";
    private static final double BAR_MILLIS = 3000;
    /** The watch streams' client: a quick connect timeout, so a killed site's stream is tried again at once. */
    private static final java.net.http.HttpClient WATCH_HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofMillis(500))
            .build();

    /** One kill/restore cycle's figures (millis; -1 where not measured). */
    record Cycle(
            int n,
            int demo,
            String killed,
            boolean leader,
            List<String> moved,
            Map<String, Long> promoted,
            long failover,
            long takeover,
            long firstHook,
            long failback,
            long effectiveStabilization,
            String restoreFailure) {}

    private final PrintStream out = System.out;
    private final List<String> triad;
    private final Path work;
    private final int stabilization;
    private final List<Cycle> cycles = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> portCollisions = new ArrayList<>();
    // demos whose three fresh sites did not place every component in time (kept as demo-NN-failed-K for a look)
    private final List<String> startFailures = new ArrayList<>();
    private final List<String> restoreFailures = new ArrayList<>();
    private final Map<String, Long> statesChecked = new TreeMap<>();
    private long intervalsChecked;
    private long electionMin = -1;
    private long electionMax = -1;
    private long lease = -1;

    private FailoverBench(List<String> triad, Path work, int stabilization) {
        this.triad = triad;
        this.work = work;
        this.stabilization = stabilization;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: FailoverBench WORK_DIR DIST_LIB_DIR CYCLES CYCLES_PER_DEMO STABILIZATION_S");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        Path dist = Path.of(args[1]).toAbsolutePath();
        int total = Integer.parseInt(args[2]);
        int perDemo = Integer.parseInt(args[3]);
        int stabilization = Integer.parseInt(args[4]);
        if (total < 1 || perDemo < 1) {
            throw new IllegalArgumentException(
                    "cycles and cycles per demo must be >= 1; got " + total + " and " + perDemo);
        }
        List<String> triad = new ArrayList<>();
        triad.add(System.getProperty(
                "triad.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String o : System.getProperty("triad.jvmOpts", "").trim().split("\\s+")) {
            if (!o.isEmpty()) {
                triad.add(o);
            }
        }
        triad.add("-cp");
        triad.add(dist.resolve("*").toString());
        triad.add("io.triad.appliance.Main");
        Files.createDirectories(work);
        FailoverBench bench = new FailoverBench(triad, work, stabilization);
        String loadStart = loadAverage();
        long started = System.nanoTime();
        int demo = 0;
        while (bench.cycles.size() < total) {
            demo++;
            bench.runDemo(demo, Math.min(perDemo, total - bench.cycles.size()), total);
        }
        bench.report(loadStart, loadAverage(), Duration.ofNanos(System.nanoTime() - started), demo);
        System.exit(bench.violations.isEmpty() && bench.restoreFailures.isEmpty() ? 0 : 1);
    }

    private void runDemo(int n, int count, int total) throws Exception {
        Path dir = work.resolve(String.format(Locale.ROOT, "demo-%02d", n));
        FailoverDemo demo = null;
        for (int attempt = 1; demo == null; attempt++) {
            deleteTree(dir);
            say("demo " + n + ": starting the three sites in " + dir + " ...");
            try {
                demo = FailoverDemo.start(dir, triad, work.resolve("demo-commands.log"), stabilization);
            } catch (FailoverDemo.PortCollisionException e) {
                if (attempt == 3) {
                    throw e;
                }
                portCollisions.add(e.getMessage());
                say(e.getMessage() + "; starting it again");
            } catch (IOException e) {
                // not a failover figure, but a failure in its own right: reported, its directory kept
                if (attempt == 2) {
                    throw e;
                }
                Path kept = work.resolve(dir.getFileName() + "-failed-" + attempt);
                deleteTree(kept);
                Files.move(dir, kept);
                startFailures.add("demo " + n + ": " + e.getMessage() + " (kept in " + kept + ")");
                say("demo " + n + " did not start: " + e.getMessage() + "; kept in " + kept + ", starting it again");
            }
        }
        electionMin = demo.setting("electionTimeoutMinMillis");
        electionMax = demo.setting("electionTimeoutMaxMillis");
        lease = demo.setting("leaseTimeoutMillis");
        PrimaryChecker safety = new PrimaryChecker();
        List<ClusterWatch> watches = new ArrayList<>();
        Map<String, List<Long>> kills = new LinkedHashMap<>();
        boolean stopped = false;
        try {
            for (String s : demo.sites()) {
                watches.add(ClusterWatch.start(s, demo.url(s), WATCH_HTTP, demo.authorization(), safety::observe));
            }
            JsonNode first = awaitSettled(demo, null, Duration.ofSeconds(120), safety);
            Map<String, String> home = primaries(first);
            say("demo " + n + ": settled; primaries " + home + ", leader "
                    + first.path("leader").asText());
            for (int i = 0; i < count; i++) {
                Cycle c = cycle(demo, n, cycles.size() + 1, total, i, home, kills, safety, i + 1 < count);
                cycles.add(c);
                if (!c.restoreFailure().isEmpty()) {
                    restoreFailures.add(
                            "cycle " + c.n() + ", demo " + n + ", " + c.killed() + ": " + c.restoreFailure());
                    break; // this demo cannot go on; the next cycles run on a fresh one
                }
            }
            long end = demo.stop();
            stopped = true;
            for (ClusterWatch w : watches) {
                w.close();
            }
            Map<String, List<HookLine>> hooks = new LinkedHashMap<>();
            for (String s : demo.dataSites()) {
                hooks.put(s, HookLine.read(demo.hooksLog(s)));
            }
            for (String s : demo.sites()) {
                if (!demo.dataSites().contains(s)) {
                    List<HookLine> w = HookLine.read(demo.hooksLog(s));
                    if (!w.isEmpty()) {
                        safety.violation("the witness " + s + " ran hooks: " + w);
                    }
                }
            }
            safety.checkHooks(hooks, kills, end);
        } finally {
            for (ClusterWatch w : watches) {
                w.close();
            }
            if (!stopped) {
                try {
                    demo.stop();
                } catch (IOException e) {
                    say("demo " + n + ": stop failed (" + e.getMessage() + "); killing its processes");
                }
                demo.killAll();
            }
        }
        for (String v : safety.violations()) {
            violations.add("demo " + n + ": " + v);
        }
        safety.states().forEach((s, k) -> statesChecked.merge(s, k, Long::sum));
        intervalsChecked += safety.intervals();
    }

    private Cycle cycle(
            FailoverDemo demo,
            int demoNumber,
            int n,
            int total,
            int indexInDemo,
            Map<String, String> home,
            Map<String, List<Long>> kills,
            PrimaryChecker safety,
            boolean another)
            throws Exception {
        List<String> data = demo.dataSites();
        JsonNode before = anyView(demo, data, safety);
        Map<String, String> primaries = primaries(before);
        String eap = primaries.get("EAP");
        if (eap == null) {
            throw new IllegalStateException("EAP has no primary before cycle " + n + ": " + primaries);
        }
        String victim = indexInDemo % 2 == 0
                ? eap
                : data.stream().filter(s -> !s.equals(eap)).findFirst().orElseThrow();
        String survivor =
                data.stream().filter(s -> !s.equals(victim)).findFirst().orElseThrow();
        List<String> moved = new ArrayList<>();
        primaries.forEach((c, s) -> {
            if (s.equals(victim)) {
                moved.add(c);
            }
        });
        boolean leader = before.path("leader").asText().equals(victim);

        long kill = demo.kill(victim);
        kills.computeIfAbsent(victim, k -> new ArrayList<>()).add(kill);
        Map<String, Long> promoted = new TreeMap<>();
        long takeover = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<HookLine> lines = HookLine.read(demo.hooksLog(survivor));
            for (String c : moved) {
                if (!promoted.containsKey(c)) {
                    HookLine.first(lines, kill, "promote", c, l -> l.site().equals(survivor))
                            .ifPresent(l -> promoted.put(c, (l.nanos() - kill) / 1_000_000));
                }
            }
            if (takeover < 0) {
                takeover = HookLine.first(lines, kill, "set-weight", TAKEOVER, l -> l.weight() == 100)
                        .map(l -> (l.nanos() - kill) / 1_000_000)
                        .orElse(-1L);
            }
            if ((promoted.size() == moved.size() && takeover >= 0) || System.nanoTime() - deadline > 0) {
                break;
            }
            Thread.sleep(20);
        }
        if (promoted.size() < moved.size() || takeover < 0) {
            throw new IllegalStateException("cycle " + n + ": 30 s after killing " + victim + ", " + survivor
                    + " promoted only " + promoted.keySet() + " of " + moved + " and "
                    + (takeover < 0 ? "did not take " + TAKEOVER + " over" : "took " + TAKEOVER + " over")
                    + "; see " + demo.dir());
        }
        long failover =
                promoted.values().stream().mapToLong(Long::longValue).max().orElse(-1);

        long restored;
        try {
            restored = demo.restore(victim);
        } catch (IOException e) {
            return restoreFailed(demo, n, total, demoNumber, victim, leader, moved, promoted, failover, takeover, e);
        }
        long firstHook = -1;
        long failback;
        Map<String, Long> back = new TreeMap<>();
        deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (true) {
            if (!ProcessHandle.of(demo.pid(victim)).map(ProcessHandle::isAlive).orElse(false)) {
                return restoreFailed(
                        demo,
                        n,
                        total,
                        demoNumber,
                        victim,
                        leader,
                        moved,
                        promoted,
                        failover,
                        takeover,
                        new IOException("the restored " + victim + " (pid " + demo.pid(victim) + ") exited: "
                                + demo.lastLogLine(victim)));
            }
            List<HookLine> lines = HookLine.read(demo.hooksLog(victim));
            if (firstHook < 0) {
                firstHook = lines.stream()
                        .filter(l -> l.nanos() > restored)
                        .min(java.util.Comparator.comparingLong(HookLine::nanos))
                        .map(l -> (l.nanos() - restored) / 1_000_000)
                        .orElse(-1L);
            }
            for (String c : moved) {
                if (!back.containsKey(c)) {
                    HookLine.first(lines, restored, "promote", c, l -> true)
                            .ifPresent(l -> back.put(c, (l.nanos() - restored) / 1_000_000));
                }
            }
            if (back.size() == moved.size() || System.nanoTime() - deadline > 0) {
                break;
            }
            Thread.sleep(50);
        }
        if (back.size() < moved.size()) {
            throw new IllegalStateException("cycle " + n + ": 240 s after restoring " + victim
                    + " it was promoted only " + "for " + back.keySet() + " of " + moved + "; see " + demo.dir());
        }
        failback = back.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        JsonNode after = anyView(demo, data, safety);
        long effective = 0;
        for (JsonNode c : after.path("components")) {
            if (moved.contains(c.path("name").asText())) {
                int f = c.path("failoversLastHour").asInt();
                effective = Math.max(effective, (stabilization * 1000L) << Math.min(Math.max(0, f - 1), 6));
            }
        }
        Cycle c = new Cycle(
                n, demoNumber, victim, leader, moved, promoted, failover, takeover, firstHook, failback, effective, "");
        out.printf(
                Locale.ROOT,
                "cycle %2d/%d  demo %2d  kill -9 %s (%sprimary of %s): %s promoted after %s; %s active 100 after %d ms"
                        + " | restored: first hook after %d ms, promoted again after %d ms (stabilization %d s)%n",
                n,
                total,
                demoNumber,
                victim,
                leader ? "leader, " : "",
                String.join("+", moved),
                survivor,
                promotedText(promoted),
                TAKEOVER,
                takeover,
                firstHook,
                failback,
                effective / 1000);
        out.flush();
        if (another) {
            long t0 = System.nanoTime();
            awaitSettled(demo, home, Duration.ofSeconds(240), safety);
            say("placement back as it was " + (System.nanoTime() - t0) / 1_000_000 + " ms after the failback");
        }
        return c;
    }

    /** A cycle whose failover was measured but whose killed site did not come back: the demo ends there. */
    private Cycle restoreFailed(
            FailoverDemo demo,
            int n,
            int total,
            int demoNumber,
            String victim,
            boolean leader,
            List<String> moved,
            Map<String, Long> promoted,
            long failover,
            long takeover,
            IOException e) {
        String why = String.valueOf(e.getMessage());
        out.printf(
                Locale.ROOT,
                "cycle %2d/%d  demo %2d  kill -9 %s (%sprimary of %s): promoted after %s; %s active 100 after %d ms"
                        + " | RESTORE FAILED: %s (see %s)%n",
                n,
                total,
                demoNumber,
                victim,
                leader ? "leader, " : "",
                String.join("+", moved),
                promotedText(promoted),
                TAKEOVER,
                takeover,
                why,
                demo.dir().resolve(victim));
        out.flush();
        return new Cycle(n, demoNumber, victim, leader, moved, promoted, failover, takeover, -1, -1, 0, why);
    }

    private static String promotedText(Map<String, Long> promoted) {
        List<String> parts = new ArrayList<>();
        promoted.forEach((c, ms) -> parts.add(c + " " + ms + " ms"));
        return String.join(", ", parts);
    }

    /** The view of the first data site that answers (checked by the safety checker too). */
    private static JsonNode anyView(FailoverDemo demo, List<String> sites, PrimaryChecker safety)
            throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (String s : sites) {
                Optional<JsonNode> v = demo.cluster(s);
                if (v.isPresent()) {
                    safety.observe(s, v.get());
                    return v.get();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no data site of " + demo.dir() + " answers GET /api/v1/cluster");
    }

    /** Active-standby component -> its primary site, in a view. */
    private static Map<String, String> primaries(JsonNode view) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : view.path("components")) {
            for (JsonNode p : c.path("placement")) {
                if (p.path("role").asText().equals("primary")) {
                    out.put(c.path("name").asText(), p.path("site").asText());
                }
            }
        }
        return out;
    }

    /**
     * Waits until every data site's view shows every site up, every active-standby component with its primary ({@code
     * home}, or when null: any, each data site primary of one at least), every active-active component active on every
     * data site at an even share, and every agent's applied role as placed.
     */
    private static JsonNode awaitSettled(
            FailoverDemo demo, @Nullable Map<String, String> home, Duration within, PrimaryChecker safety)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String why = "no answer";
        while (System.nanoTime() - deadline < 0) {
            JsonNode last = null;
            why = "";
            for (String s : demo.dataSites()) {
                Optional<JsonNode> v = demo.cluster(s);
                if (v.isEmpty()) {
                    why = s + " does not answer";
                    break;
                }
                safety.observe(s, v.get());
                why = unsettled(v.get(), demo.dataSites(), home);
                if (!why.isEmpty()) {
                    why = s + ": " + why;
                    break;
                }
                last = v.get();
            }
            if (why.isEmpty() && last != null) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "the demo in " + demo.dir() + " did not settle within " + within.toSeconds() + " s: " + why);
    }

    /** Why a view is not settled, or empty when it is. */
    static String unsettled(JsonNode view, List<String> data, @Nullable Map<String, String> home) {
        for (JsonNode s : view.path("sites")) {
            if (!s.path("state").asText().equals("up")) {
                return s.path("id").asText() + " is " + s.path("state").asText();
            }
        }
        Map<String, Integer> primaryOf = new TreeMap<>();
        for (String d : data) {
            primaryOf.put(d, 0);
        }
        int components = 0;
        for (JsonNode c : view.path("components")) {
            components++;
            String name = c.path("name").asText();
            boolean standby = c.path("mode").asText().equals("active-standby");
            String primary = null;
            for (JsonNode p : c.path("placement")) {
                String site = p.path("site").asText();
                String role = p.path("role").asText();
                JsonNode applied = p.path("applied");
                if (!applied.path("role").asText().equals(role)
                        || !applied.path("ok").asBoolean()
                        || (role.equals("active")
                                && applied.path("weight").asInt()
                                        != p.path("weight").asInt())) {
                    return name + " on " + site + " is placed " + role + " but runs "
                            + applied.path("role").asText();
                }
                if (standby && role.equals("primary")) {
                    primary = site;
                }
                if (!standby
                        && data.contains(site)
                        && (!role.equals("active") || p.path("weight").asInt() != 100 / data.size())) {
                    return name + " on " + site + " is " + role + " "
                            + p.path("weight").asInt();
                }
            }
            if (standby) {
                if (primary == null) {
                    return name + " has no primary";
                }
                if (home != null && !primary.equals(home.get(name))) {
                    return name + " is primary on " + primary + ", not yet on " + home.get(name);
                }
                primaryOf.merge(primary, 1, Integer::sum);
            }
        }
        if (components < ACTIVE_STANDBY.size() + 1) {
            return components + " components placed";
        }
        for (Map.Entry<String, Integer> e : primaryOf.entrySet()) {
            if (e.getValue() == 0) {
                return e.getKey() + " is primary of nothing";
            }
        }
        return "";
    }

    private void report(String loadStart, String loadEnd, Duration took, int demos) {
        double[] failover = cycles.stream().mapToDouble(Cycle::failover).toArray();
        double[] takeover = cycles.stream().mapToDouble(Cycle::takeover).toArray();
        List<Cycle> restored =
                cycles.stream().filter(c -> c.restoreFailure().isEmpty()).toList();
        double[] firstHook = restored.stream().mapToDouble(Cycle::firstHook).toArray();
        double[] failback = restored.stream().mapToDouble(Cycle::failback).toArray();
        Percentiles f = new Percentiles(failover);
        Percentiles t = new Percentiles(takeover);
        Percentiles h = new Percentiles(firstHook.length == 0 ? new double[] {Double.NaN} : firstHook);
        Percentiles b = new Percentiles(failback.length == 0 ? new double[] {Double.NaN} : failback);
        Map<String, List<Double>> byComponent = new TreeMap<>();
        for (Cycle c : cycles) {
            c.promoted()
                    .forEach((k, v) -> byComponent
                            .computeIfAbsent(k, x -> new ArrayList<>())
                            .add((double) v));
        }
        long killedLeader = cycles.stream().filter(Cycle::leader).count();
        Map<String, Long> killed = new TreeMap<>();
        cycles.forEach(c -> killed.merge(c.killed(), 1L, Long::sum));

        String row = "%-74s %9s %9s %10s%n";
        out.printf(Locale.ROOT, "%n");
        out.printf(
                Locale.ROOT,
                "Failover: %d kill -9 / restore cycles of a data site of triad demo (%d demos; killed %s; the killed"
                        + " site led in %d)%n",
                cycles.size(),
                demos,
                killed,
                killedLeader);
        out.printf(Locale.ROOT, row, "measured (ms)", "p50", "p99", "bar");
        out.printf(Locale.ROOT, row, "-".repeat(74), "-".repeat(9), "-".repeat(9), "-".repeat(10));
        out.printf(
                Locale.ROOT,
                row,
                "failover: kill -> survivor's promote hook (latest component of a cycle)",
                fmt(f.at(50)),
                fmt(f.at(99)),
                (f.at(99) <= BAR_MILLIS ? "PASS" : "FAIL") + " <=" + (int) BAR_MILLIS);
        byComponent.forEach((c, v) -> {
            Percentiles p =
                    new Percentiles(v.stream().mapToDouble(Double::doubleValue).toArray());
            out.printf(Locale.ROOT, row, "  " + c + " (" + p.size() + " failovers)", fmt(p.at(50)), fmt(p.at(99)), "");
        });
        out.printf(
                Locale.ROOT,
                row,
                "active-active takeover: kill -> survivor's set-weight " + TAKEOVER + " active 100",
                fmt(t.at(50)),
                fmt(t.at(99)),
                "-");
        out.printf(
                Locale.ROOT,
                row,
                "failback: restored process start -> its promote hook (" + restored.size() + " restores)",
                fmt(b.at(50)),
                fmt(b.at(99)),
                "-");
        out.printf(
                Locale.ROOT,
                row,
                "  of which: restored process start -> its first hook (JVM and agent up)",
                fmt(h.at(50)),
                fmt(h.at(99)),
                "-");
        out.printf(
                Locale.ROOT,
                row,
                "dual primaries (states and hook intervals checked)",
                Integer.toString(violations.size()),
                "",
                violations.isEmpty() ? "PASS =0" : "FAIL =0");
        out.printf(Locale.ROOT, "%n");
        out.printf(
                Locale.ROOT,
                "configured: election timeout %d-%d ms, lease timeout %d ms (a silent site is fenced after %d ms),"
                        + " stabilization %d s (doubled per failover of a component within the hour: %s s at failback),"
                        + " max failovers per hour 1000%n",
                electionMin,
                electionMax,
                lease,
                lease + lease / 5 + 100,
                stabilization,
                cycles.stream()
                        .map(c -> Long.toString(c.effectiveStabilization() / 1000))
                        .distinct()
                        .toList());
        out.printf(
                Locale.ROOT,
                "safety: %s cluster states checked (%s), %d primary intervals from the hooks%n",
                statesChecked.values().stream().mapToLong(Long::longValue).sum(),
                statesChecked,
                intervalsChecked);
        out.printf(Locale.ROOT, "dual primaries: %d%n", violations.size());
        for (String v : violations) {
            out.printf(Locale.ROOT, "  VIOLATION %s%n", v);
        }
        out.printf(Locale.ROOT, "restore failures: %d%n", restoreFailures.size());
        for (String r : restoreFailures) {
            out.printf(Locale.ROOT, "  RESTORE FAILED %s%n", r);
        }
        for (String c : portCollisions) {
            out.printf(Locale.ROOT, "demo restarted: %s%n", c);
        }
        out.printf(Locale.ROOT, "demo start failures: %d%n", startFailures.size());
        for (String failure : startFailures) {
            out.printf(Locale.ROOT, "  START FAILED %s%n", failure);
        }
        out.printf(
                Locale.ROOT,
                "load average at start %s, at end %s; run took %d s%n",
                loadStart,
                loadEnd,
                took.toSeconds());
        out.flush();
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.0f", ms);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8)
                    .split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void say(String what) {
        System.err.printf(
                Locale.ROOT,
                "bench: %s %s%n",
                java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0),
                what);
    }
}

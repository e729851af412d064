package io.triad.appliance.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux network namespaces joined by veth pairs to a bridge in the root namespace, made with iproute2 ({@code ip}):
 * member {@code i} (named by one lower-case letter) is namespace {@code triad-nf-<run>-<letter>} with the address
 * {@code 10.231.<subnet>.<i+1>/24} on its {@code eth0}; the root namespace has {@code 10.231.<subnet>.254} on the
 * bridge, so a test in the root namespace reaches every member while {@link #cut blackhole routes} inside the members
 * separate them from one another.
 *
 * <p>NOTE: needs root and iproute2 ({@link #unavailable} says what is missing); {@link #create} throws {@link
 * Unavailable} when the kernel refuses a namespace, a bridge or a veth pair. Not thread-safe. {@link #close} kills
 * every process still in a namespace and removes the namespaces, the veths and the bridge; {@link #removeLeftovers}
 * removes those of earlier runs (names starting with {@link #PREFIX} and {@code tnf<run>}).
 */
final class NetworkNamespaces implements AutoCloseable {
    /** Every namespace of these tests starts with this. */
    static final String PREFIX = "triad-nf-";

    private static final Pattern OUR_LINK = Pattern.compile("^\\d+: (tnf[0-9a-f]{4}(?:br|[a-z]))[@:]");
    private static final Pattern MEMBER = Pattern.compile("[a-z]");
    private static final long IP_TIMEOUT_SECONDS = 10;

    /** The machine does not allow the namespaces (the test is skipped, not failed). */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final String run;
    private final int subnet;
    private final Map<String, Integer> members = new LinkedHashMap<>();
    private final List<String> routes = new ArrayList<>();

    private NetworkNamespaces(String run, int subnet) {
        this.run = run;
        this.subnet = subnet;
    }

    /** Why these namespaces cannot be made here (not Linux, not root, no {@code ip}), or empty. */
    static Optional<String> unavailable() {
        Path self = Path.of("/proc/self");
        if (!Files.isDirectory(self)) {
            return Optional.of("no /proc: network namespaces need Linux");
        }
        try {
            Object uid = Files.getAttribute(self, "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return Optional.of("network namespaces need root; this test runs as uid " + uid);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot tell the user id from /proc/self: " + e);
        }
        try {
            Result r = ip("-V");
            if (r.code() != 0) {
                return Optional.of("'ip -V' exited with " + r.code() + ": " + r.output());
            }
        } catch (IOException e) {
            return Optional.of("no 'ip' command (iproute2): " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Makes one namespace per member (in order: .1, .2, ...), each joined to a new bridge, on a subnet of 10.231.0.0/16
     * no interface of this machine uses.
     */
    static NetworkNamespaces create(List<String> memberLetters) throws IOException, Unavailable {
        if (memberLetters.isEmpty() || memberLetters.size() > 250) {
            throw new IllegalArgumentException("1..250 members expected; got: " + memberLetters.size());
        }
        byte[] b = new byte[2];
        SecureRandom random = new SecureRandom();
        random.nextBytes(b);
        String run = HexFormat.of().formatHex(b);
        String addresses = ip("-o", "-4", "addr", "show").output();
        int subnet = 1 + random.nextInt(250);
        while (addresses.contains(" 10.231." + subnet + ".")) {
            subnet = 1 + (subnet % 250);
        }
        NetworkNamespaces net = new NetworkNamespaces(run, subnet);
        try {
            net.build(memberLetters);
        } catch (IOException | Unavailable | RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void build(List<String> memberLetters) throws IOException, Unavailable {
        if (memberLetters.stream().distinct().count() != memberLetters.size()
                || !memberLetters.stream().allMatch(m -> MEMBER.matcher(m).matches())) {
            throw new IllegalArgumentException("members are distinct single letters a..z; got: " + memberLetters);
        }
        String bridge = "tnf" + run + "br";
        Result first = ip("netns", "add", namespaceOf(memberLetters.get(0)));
        if (first.code() != 0) {
            throw new Unavailable("'ip netns add' failed (exit " + first.code() + "): " + first.output());
        }
        members.put(memberLetters.get(0), 1);
        expectAllowed("a bridge", "link", "add", bridge, "type", "bridge");
        check("addr", "add", "10.231." + subnet + ".254/24", "dev", bridge);
        check("link", "set", bridge, "up");
        for (int i = 0; i < memberLetters.size(); i++) {
            String m = memberLetters.get(i);
            String ns = namespaceOf(m);
            if (i > 0) {
                Result r = ip("netns", "add", ns);
                if (r.code() != 0) {
                    throw new Unavailable("'ip netns add " + ns + "' failed (exit " + r.code() + "): " + r.output());
                }
                members.put(m, i + 1);
            }
            String veth = "tnf" + run + m;
            expectAllowed("a veth pair", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
            check("link", "set", veth, "master", bridge, "up");
            check("-n", ns, "addr", "add", address(m) + "/24", "dev", "eth0");
            check("-n", ns, "link", "set", "eth0", "up");
            check("-n", ns, "link", "set", "lo", "up");
        }
    }

    private static void expectAllowed(String what, String... args) throws IOException, Unavailable {
        Result r = ip(args);
        if (r.code() != 0) {
            throw new Unavailable("the kernel refused " + what + " ('ip " + String.join(" ", args) + "', exit "
                    + r.code() + "): " + r.output());
        }
    }

    private String namespaceOf(String member) {
        return PREFIX + run + "-" + member;
    }

    /** The member's namespace. */
    String namespace(String member) {
        requireMember(member);
        return namespaceOf(member);
    }

    /** The member's address (on its {@code eth0}). */
    String address(String member) {
        return "10.231." + subnet + "." + requireMember(member);
    }

    /** The root namespace's address on the bridge. */
    String rootAddress() {
        return "10.231." + subnet + ".254";
    }

    private int requireMember(String member) {
        Integer n = members.get(member);
        if (n == null) {
            throw new IllegalArgumentException("no member '" + member + "'; members: " + members.keySet());
        }
        return n;
    }

    /** The command line that runs {@code command} inside the member's namespace. */
    List<String> exec(String member, List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace(member)));
        out.addAll(command);
        return out;
    }

    /**
     * Cuts {@code member} off from each of {@code others}: a blackhole route to the other's address in the member's
     * namespace and one to the member's address in the other's, so neither side's packets leave; the bridge to the
     * root namespace stays.
     */
    void cut(String member, List<String> others) throws IOException {
        for (String o : others) {
            route("add", member, address(o));
        }
        for (String o : others) {
            route("add", o, address(member));
        }
    }

    /** Removes what {@link #cut} added. */
    void heal(String member, List<String> others) throws IOException {
        for (String o : others) {
            route("del", member, address(o));
        }
        for (String o : others) {
            route("del", o, address(member));
        }
    }

    private void route(String op, String in, String to) throws IOException {
        check("-n", namespace(in), "route", op, "blackhole", to + "/32");
        String key = in + " " + to;
        if (op.equals("add")) {
            routes.add(key);
        } else {
            routes.remove(key);
        }
    }

    /** The blackhole routes in place, as {@code "<member> <address>"}. */
    List<String> blackholes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String m : List.copyOf(members.keySet())) {
            failures.addAll(removeNamespace(namespaceOf(m)));
        }
        members.clear();
        for (String link : ourLinks()) {
            if (link.startsWith("tnf" + run)) {
                Result r = ip("link", "del", link);
                if (r.code() != 0 && ourLinks().contains(link)) {
                    failures.add("ip link del " + link + ": " + r.output());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("cleaning up the network namespaces failed: " + failures);
        }
    }

    /** Removes the namespaces, veths and bridges of earlier runs, killing what still runs in those namespaces. */
    static List<String> removeLeftovers() throws IOException {
        List<String> removed = new ArrayList<>();
        for (String line : ip("netns", "list").output().split("\n")) {
            String ns = line.strip().split(" ")[0];
            if (ns.startsWith(PREFIX)) {
                removeNamespace(ns);
                removed.add(ns);
            }
        }
        for (String link : ourLinks()) {
            ip("link", "del", link);
            removed.add(link);
        }
        return removed;
    }

    /** Kills every process in the namespace (SIGKILL) and deletes it; the failures, if any. */
    private static List<String> removeNamespace(String ns) throws IOException {
        List<String> failures = new ArrayList<>();
        Result pids = ip("netns", "pids", ns);
        if (pids.code() == 0) {
            for (String p : pids.output().split("\\s+")) {
                if (!p.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(p)).ifPresent(h -> {
                        h.destroyForcibly();
                        try {
                            h.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            failures.add("pid " + p + " in " + ns + " did not exit: " + e);
                        }
                    });
                }
            }
        }
        Result del = ip("netns", "del", ns);
        if (del.code() != 0 && ip("netns", "list").output().contains(ns)) {
            failures.add("ip netns del " + ns + ": " + del.output());
        }
        return failures;
    }

    private static List<String> ourLinks() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : ip("-o", "link", "show").output().split("\n")) {
            Matcher m = OUR_LINK.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static void check(String... args) throws IOException {
        Result r = ip(args);
        if (r.code() != 0) {
            throw new IOException("'ip " + String.join(" ", args) + "' failed (exit " + r.code() + "): " + r.output());
        }
    }

    record Result(int code, String output) {}

    /** Runs {@code ip args...}, its standard error merged into the output. */
    static Result ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(IP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", cmd) + "' took over " + IP_TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + cmd, e);
        }
    }
}

package io.triad.bench;

import io.triad.durable.DurableFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a file of realistic RFC 5424 syslog lines (about 110 bytes each, LF-terminated) as the devices of a
 * security backbone send them: event engines (eep), access points (eap), access managers (aam), site managers (msm),
 * SMS gateways (gsm) and door controllers (door), 100 hosts in all, each sending about 1% of the events.
 *
 * <p>The content is a function of the seed only; the timestamps spread evenly (with jitter) over the hour before
 * {@code endMillis}. RFC 5424 section 6: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG}.
 *
 * <p>NOTE: not thread safe; one instance writes one file.
 */
final class EventFileGenerator {
    /** Hosts per application; the door controllers are the most numerous devices. */
    private static final String[] APPS = {"eep", "eap", "aam", "msm", "gsm", "door"};

    private static final int[] HOSTS_PER_APP = {10, 10, 10, 10, 10, 50};
    private static final String[] USERS = {
        "jmeier",
        "akeller",
        "sbrunner",
        "pfischer",
        "lweber",
        "mhuber",
        "operator",
        "svc-sync",
        "admin",
        "guard01",
        "guard02",
        "nmueller"
    };
    private static final String[] SITES = {"site-a", "site-b", "witness"};

    private final SplittableRandom random;
    private final String[] hosts;
    private final String[] hostApps;
    private final StringBuilder line = new StringBuilder(160);

    /** Events per alarm flow when the lines carry alarm ids. */
    static final int EVENTS_PER_FLOW = 10;

    /** Flows interleaved in one block of lines: a flow's events spread over {@code FLOWS_PER_BLOCK * 10} lines. */
    static final int FLOWS_PER_BLOCK = 100;

    private final boolean alarmIds;
    private long lineNumber;

    EventFileGenerator(long seed) {
        this(seed, false);
    }

    /**
     * @param alarmIds whether every line ends with an alarm id {@code ALM-<n>} (the correlation benchmark's key): {@value
     *     #EVENTS_PER_FLOW} lines per id, {@value #FLOWS_PER_BLOCK} ids interleaved at a time, so {@code count / 10}
     *     distinct ids, each flow's lines a fraction of a second apart
     */
    EventFileGenerator(long seed, boolean alarmIds) {
        this.alarmIds = alarmIds;
        this.random = new SplittableRandom(seed);
        int n = 0;
        for (int c : HOSTS_PER_APP) {
            n += c;
        }
        hosts = new String[n];
        hostApps = new String[n];
        int i = 0;
        for (int a = 0; a < APPS.length; a++) {
            for (int h = 1; h <= HOSTS_PER_APP[a]; h++) {
                hosts[i] = APPS[a]
                        + (APPS[a].equals("door")
                                ? String.format(Locale.ROOT, "-%03d", h)
                                : String.format(Locale.ROOT, "-%02d", h));
                hostApps[i] = APPS[a];
                i++;
            }
        }
    }

    /**
     * Writes {@code count} lines to {@code out} (atomically: a temporary file renamed at the end) and the meta file
     * beside it.
     */
    EventFileMeta generate(Path out, long count, long endMillis, long seed) throws IOException {
        long startMillis = endMillis - 3_600_000L;
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        DateTimeFormatter secondFormat = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        long cachedSecond = Long.MIN_VALUE;
        String cachedPrefix = "";
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            for (long i = 0; i < count; i++) {
                long ts = startMillis + (long) ((double) i * 3_600_000L / count) + random.nextInt(200);
                first = Math.min(first, ts);
                last = Math.max(last, ts);
                long second = Math.floorDiv(ts, 1000);
                if (second != cachedSecond) {
                    cachedSecond = second;
                    cachedPrefix = secondFormat.format(Instant.ofEpochSecond(second));
                }
                byte[] b = line(cachedPrefix, (int) Math.floorMod(ts, 1000)).getBytes(StandardCharsets.US_ASCII);
                os.write(b);
                bytes += b.length;
            }
        }
        DurableFiles.move(tmp, out);
        EventFileMeta meta = new EventFileMeta(count, bytes, first, last, seed);
        meta.write(out);
        return meta;
    }

    private String line(String secondPrefix, int millis) {
        int h = random.nextInt(hosts.length);
        String app = hostApps[h];
        int severity = severity();
        int facility = app.equals("door") || app.equals("aam") ? 10 : 16; // authpriv or local0 (RFC 5424 6.2.1)
        StringBuilder b = line;
        b.setLength(0);
        b.append('<')
                .append(facility * 8 + severity)
                .append(">1 ")
                .append(secondPrefix)
                .append('.');
        if (millis < 100) {
            b.append('0');
        }
        if (millis < 10) {
            b.append('0');
        }
        b.append(millis)
                .append("Z ")
                .append(hosts[h])
                .append(' ')
                .append(app)
                .append(' ')
                .append(1000 + random.nextInt(30_000))
                .append(' ');
        message(b, app);
        if (alarmIds) {
            b.append(" alarm ALM-").append(alarmId(lineNumber));
        }
        lineNumber++;
        b.append('\n');
        return b.toString();
    }

    /** The alarm id of line {@code i} (0-based): blocks of 1000 lines hold 100 flows of 10 lines each. */
    static long alarmId(long i) {
        long block = i / ((long) EVENTS_PER_FLOW * FLOWS_PER_BLOCK);
        return block * FLOWS_PER_BLOCK + i % FLOWS_PER_BLOCK;
    }

    private int severity() {
        int r = random.nextInt(100);
        if (r < 2) {
            return 3; // err
        }
        if (r < 8) {
            return 4; // warning
        }
        if (r < 30) {
            return 5; // notice
        }
        if (r < 90) {
            return 6; // info
        }
        return 7; // debug
    }

    /** MSGID, structured data "-" and MSG; about 55 bytes. */
    private void message(StringBuilder b, String app) {
        int r = random.nextInt(100);
        if (r < 1) {
            // about 1% of all events: the rare word "tamper"
            b.append("ALARM - tamper contact opened on enclosure ")
                    .append(random.nextInt(64))
                    .append(" zone ")
                    .append(random.nextInt(12));
            return;
        }
        if (r < 12) {
            b.append("NET - connection from ");
            ip(b);
            b.append(':')
                    .append(1024 + random.nextInt(60_000))
                    .append(" accepted fd=")
                    .append(random.nextInt(4096));
            return;
        }
        if (r < 20) {
            b.append("NET - connection closed by ");
            ip(b);
            b.append(" after ").append(random.nextInt(7200)).append(" s");
            return;
        }
        if (r < 24) {
            b.append("NET - connect timeout to ");
            ip(b);
            b.append(':')
                    .append(random.nextInt(2) == 0 ? 443 : 8443)
                    .append(" retry ")
                    .append(random.nextInt(5));
            return;
        }
        switch (app) {
            case "door" -> {
                int k = random.nextInt(10);
                if (k < 7) {
                    b.append("ACCESS - access granted badge ")
                            .append(10_000_000 + random.nextInt(80_000_000))
                            .append(" reader ")
                            .append(random.nextInt(4))
                            .append(" door D")
                            .append(random.nextInt(400));
                } else if (k < 9) {
                    b.append("ACCESS - access denied badge ")
                            .append(10_000_000 + random.nextInt(80_000_000))
                            .append(" reason ")
                            .append(random.nextInt(2) == 0 ? "expired" : "schedule");
                } else {
                    b.append("DOOR - door held open ")
                            .append(random.nextInt(300))
                            .append(" s door D")
                            .append(random.nextInt(400));
                }
            }
            case "eep" ->
                b.append("EVT - event ")
                        .append(random.nextLong(1L << 40))
                        .append(" processed in ")
                        .append(random.nextInt(900))
                        .append(" ms queue=")
                        .append(random.nextInt(5000));
            case "eap" -> {
                b.append("WLAN - client ");
                mac(b);
                b.append(" associated rssi -")
                        .append(40 + random.nextInt(50))
                        .append(" ch ")
                        .append(1 + random.nextInt(13));
            }
            case "aam" -> {
                b.append("AUTH - user ")
                        .append(USERS[random.nextInt(USERS.length)])
                        .append(random.nextInt(4) == 0 ? " login failed from " : " authenticated from ");
                ip(b);
            }
            case "msm" ->
                b.append("SYNC - replication to ")
                        .append(SITES[random.nextInt(SITES.length)])
                        .append(" done ")
                        .append(random.nextInt(100_000))
                        .append(" records lag ")
                        .append(random.nextInt(2000))
                        .append(" ms");
            default ->
                b.append("SMS - message ")
                        .append(random.nextInt(1_000_000))
                        .append(" to +4179")
                        .append(1_000_000 + random.nextInt(9_000_000))
                        .append(" delivered in ")
                        .append(random.nextInt(60))
                        .append(" s");
        }
    }

    private void ip(StringBuilder b) {
        b.append("10.")
                .append(random.nextInt(4))
                .append('.')
                .append(random.nextInt(256))
                .append('.')
                .append(1 + random.nextInt(254));
    }

    private void mac(StringBuilder b) {
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                b.append(':');
            }
            int v = random.nextInt(256);
            b.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
        }
    }

    /**
     * {@code EventFileGenerator FILE COUNT [SEED]}: writes the file unless it exists with a meta file of the same
     * count and seed whose timestamps are at most 20 days old (index retention is 30 days).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: EventFileGenerator FILE COUNT [SEED [ALARM_IDS]]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 5424L;
        boolean alarmIds = args.length > 3 && Boolean.parseBoolean(args[3]);
        if (Files.isRegularFile(out) && Files.isRegularFile(EventFileMeta.pathFor(out))) {
            EventFileMeta m = EventFileMeta.read(out);
            boolean fresh = System.currentTimeMillis() - m.lastMillis() < 20L * 86_400_000L;
            if (m.events() == count && m.seed() == seed && m.bytes() == Files.size(out) && fresh) {
                System.err.printf(Locale.ROOT, "reusing %s: %d events, %d bytes%n", out, m.events(), m.bytes());
                return;
            }
        }
        long t0 = System.nanoTime();
        EventFileMeta m = new EventFileGenerator(seed, alarmIds).generate(out, count, System.currentTimeMillis(), seed);
        System.err.printf(
                Locale.ROOT,
                "generated %s: %d events, %d bytes (%.1f bytes/event) in %.1f s%n",
                out,
                m.events(),
                m.bytes(),
                (double) m.bytes() / m.events(),
                (System.nanoTime() - t0) / 1e9);
    }
}

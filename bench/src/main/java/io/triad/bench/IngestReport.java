package io.triad.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Step e of {@code bench/ingest.sh}: the final table, every Triad figure beside the baseline measured in the same
 * run, from the result files of the earlier steps ({@code triad.properties}, {@code lucene.properties},
 * {@code rsyslog.properties}, {@code disk.properties}) in one directory.
 */
final class IngestReport {
    private final Properties r = new Properties();
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private IngestReport() {}

    /** {@code IngestReport RESULT_DIR}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: IngestReport RESULT_DIR");
            System.exit(2);
        }
        IngestReport report = new IngestReport();
        Path dir = Path.of(args[0]);
        for (String name : new String[] {"meta", "triad", "lucene", "rsyslog", "disk"}) {
            report.r.putAll(ResultFile.read(dir.resolve(name + ".properties")));
        }
        report.print();
    }

    private double num(String key) {
        String v = r.getProperty(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private void print() {
        double events = num("events");
        double rawPerEvent = num("rawBytes") / events;
        double triadRate = num("triad.eventsPerSecond");
        double luceneRate = num("lucene.docsPerSecond");
        double rsyslogRate = num("rsyslog.eventsPerSecond");
        double indexPerEvent = num("disk.triadIndexBytes") / events;
        double journalPerEvent = num("disk.triadJournalBytes") / events;
        double luceneIndexPerEvent = num("lucene.indexBytes") / events;

        out.printf(
                Locale.ROOT,
                "%nTriad ingest benchmark: %,.0f events (%.1f raw bytes/event), %s TCP connections, %s%n",
                events,
                rawPerEvent,
                r.getProperty("connections", "?"),
                r.getProperty("when", ""));
        out.printf(
                Locale.ROOT,
                "Triad: sent in %.1f s, indexed in %.1f s, all searchable after %.1f s; indexedPosition %s, exact count %s, "
                        + "search total %s (lower bound: %s)%n%n",
                num("triad.sendSeconds"),
                num("triad.indexedSeconds"),
                num("triad.seconds"),
                r.getProperty("triad.indexedPosition", "?"),
                r.getProperty("triad.exactCount", "?"),
                r.getProperty("triad.searchTotal", "?"),
                r.getProperty("triad.searchTotalIsLowerBound", "?"));
        String row = "%-44s %16s %16s %9s   %s%n";
        out.printf(Locale.ROOT, row, "measure", "Triad", "baseline", "ratio", "bar");
        out.printf(Locale.ROOT, row, "-".repeat(44), "-".repeat(16), "-".repeat(16), "-".repeat(9), "-".repeat(24));
        out.printf(
                Locale.ROOT,
                row,
                "events/s end to end (vs raw Lucene docs/s)",
                rate(triadRate),
                rate(luceneRate),
                ratio(triadRate / luceneRate),
                verdict(triadRate / luceneRate >= 0.5, ">= 0.5 x raw Lucene"));
        out.printf(
                Locale.ROOT,
                row,
                "events/s end to end (vs rsyslog events/s)",
                rate(triadRate),
                rate(rsyslogRate),
                ratio(triadRate / rsyslogRate),
                "(reference)");
        out.printf(
                Locale.ROOT,
                row,
                "events/s end to end (absolute)",
                rate(triadRate),
                "",
                "",
                verdict(triadRate >= 50_000, ">= 50,000 events/s"));
        out.printf(
                Locale.ROOT,
                row,
                "index bytes/event (vs raw bytes/event)",
                bytes(indexPerEvent),
                bytes(rawPerEvent),
                ratio(indexPerEvent / rawPerEvent),
                verdict(indexPerEvent / rawPerEvent <= 0.6, "<= 0.6 x raw"));
        out.printf(
                Locale.ROOT,
                row,
                "index bytes/event (vs raw Lucene index)",
                bytes(indexPerEvent),
                bytes(luceneIndexPerEvent),
                ratio(indexPerEvent / luceneIndexPerEvent),
                "(reference)");
        out.printf(
                Locale.ROOT,
                row,
                "journal bytes/event (vs raw bytes/event)",
                bytes(journalPerEvent),
                bytes(rawPerEvent),
                ratio(journalPerEvent / rawPerEvent),
                "(reference)");
        out.printf(
                Locale.ROOT,
                row,
                "Triad peak heap used (sampled / max heap)",
                mib(num("triad.peakHeapBytes")),
                mib(num("triad.heapMaxBytes")),
                ratio(num("triad.peakHeapBytes") / num("triad.heapMaxBytes")),
                "(" + r.getProperty("triad.heapSamples", "?") + " samples, 250 ms)");
        out.printf(Locale.ROOT, row, "Triad peak RSS (VmHWM)", mib(num("triad.vmHwmBytes")), "", "", "");
        out.printf(
                Locale.ROOT,
                "%nraw Lucene: %s docs in %.1f s; rsyslog: %s of %s lines in %.1f s%n",
                r.getProperty("lucene.docs", "?"),
                num("lucene.seconds"),
                r.getProperty("rsyslog.lines", "?"),
                r.getProperty("rsyslog.events", "?"),
                num("rsyslog.seconds"));
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f/s", v);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f B", v);
    }

    private static String mib(double v) {
        return Double.isNaN(v) || v < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", v / (1 << 20));
    }

    private static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String verdict(boolean ok, String bar) {
        return (ok ? "PASS " : "FAIL ") + bar;
    }
}

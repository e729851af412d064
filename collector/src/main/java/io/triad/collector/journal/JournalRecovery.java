package io.triad.collector.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a journal's directory: finds its segment files, recovers the newest one ({@link SegmentRecovery}: a torn
 * tail truncated, corrupt records counted) and opens it for appending, or creates the first segment of a new
 * journal; and rebuilds the origin sequences from the sequence file and the newest segment.
 *
 * <p>NOTE: not thread safe; runs once, before the journal takes appends or readers.
 */
final class JournalRecovery {

    // log lines keep the journal's logger name
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** What opening the directory found: the segment to append to, the sequences, and the report. */
    record Recovered(Segment active, OriginSequences sequences, Journal.RecoveryReport report) {}

    private JournalRecovery() {}

    /** Recovers the journal in {@code directory} of {@code site}, adding its segments to {@code segments}. */
    static Recovered recover(Path directory, String site, Segments segments) throws IOException {
        long[] firsts;
        try (Stream<Path> files = Files.list(directory)) {
            firsts = files.map(p -> p.getFileName().toString())
                    .filter(Segment::isSegmentName)
                    .mapToLong(Segment::firstPositionOf)
                    .sorted()
                    .toArray();
        }
        Map<String, Long> seqs = new HashMap<>(OriginSequences.read(directory, site));
        if (firsts.length == 0) {
            Segment s = segments.segmentAt(1);
            s.channel = FileChannel.open(
                    s.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
            segments.forceDirectory();
            segments.add(s);
            return new Recovered(s, new OriginSequences(site, seqs), new Journal.RecoveryReport(0, 0, 0));
        }
        for (int i = 0; i < firsts.length - 1; i++) {
            Segment s = segments.segmentAt(firsts[i]);
            s.lastPosition = firsts[i + 1] - 1;
            s.sizeBytes = Files.size(s.path);
            segments.add(s);
        }
        Segment last = segments.segmentAt(firsts[firsts.length - 1]);
        FileChannel ch = FileChannel.open(last.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
        SegmentRecovery.Result r;
        try {
            r = new SegmentRecovery().recover(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        last.channel = ch;
        last.lastPosition = last.firstPosition + r.records() - 1;
        last.sizeBytes = r.endOffset();
        last.writtenBytes = r.endOffset();
        last.newestMicros = r.lastReceivedMicros();
        segments.add(last);
        if (r.truncatedBytes() > 0 || r.corruptRecords() > 0) {
            LOG.warn(
                    "journal recovery of {}: {} bytes of torn tail truncated, {} corrupt records skipped",
                    last.path,
                    r.truncatedBytes(),
                    r.corruptRecords());
        }
        r.maxSeqs().forEach((origin, max) -> seqs.merge(origin, max, Math::max));
        return new Recovered(
                last,
                new OriginSequences(site, seqs),
                new Journal.RecoveryReport(r.truncatedBytes(), r.corruptRecords(), last.lastPosition));
    }
}

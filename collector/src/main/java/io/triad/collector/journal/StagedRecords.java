package io.triad.collector.journal;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The records of one append in the making: each event gets its identity (this site's next origin sequence when it
 * has none), another site's event that the journal already holds is skipped as a duplicate, and the others are
 * serialized with their record header ({@link Segment#HEADER}) one after the other into a reused buffer.
 *
 * <p>NOTE: not thread safe; guarded by the journal's append lock and reused by every append.
 */
final class StagedRecords {

    private final EventSerializer buffer = new EventSerializer(64 * 1024);
    /** {@code ends[i]} is where kept record {@code i} starts, {@code ends[i + 1]} where it ends. */
    private int[] ends = new int[64];
    /** This site's last origin sequence after kept record {@code i}. */
    private long[] seqAfter = new long[64];

    private EventId[] ids = new EventId[64];
    /** The index in the append's events of kept record {@code i}. */
    private int[] eventIndex = new int[64];

    private int kept;
    private int duplicates;
    private long lastSeq;

    /**
     * Stages {@code events} (at least one), taking the other sites' sequences into {@code seqs}'s batch.
     *
     * @return null when staged; else why none of the events is (one serializes to more than {@code maxRecordBytes}),
     *     and the buffer and the batch are cleared
     */
    @Nullable
    String stage(List<LogEvent> events, OriginSequences seqs, int maxRecordBytes) {
        int n = events.size();
        String site = seqs.site();
        buffer.clear();
        seqs.discardBatch();
        if (ends.length < n + 1) {
            ends = new int[Math.max(n + 1, ends.length * 2)];
            seqAfter = new long[ends.length];
            ids = new EventId[ends.length];
            eventIndex = new int[ends.length];
        }
        long seq = seqs.local();
        kept = 0;
        duplicates = 0;
        for (int i = 0; i < n; i++) {
            LogEvent e = events.get(i);
            EventId id = e.id();
            if (!id.assigned()) {
                id = new EventId(site, ++seq);
            } else if (id.originSite().equals(site)) {
                if (id.originSeq() > seq) {
                    seq = id.originSeq();
                }
            } else {
                if (seqs.holds(id.originSite(), id.originSeq())) {
                    duplicates++;
                    continue;
                }
                seqs.addToBatch(id.originSite(), id.originSeq());
            }
            int header = buffer.skip(Segment.HEADER);
            int len = buffer.append(e, id);
            if (len > maxRecordBytes) {
                buffer.clear();
                seqs.discardBatch();
                return "event " + i + " of " + n + " serializes to " + len
                        + " bytes, more than the journal's maxRecordBytes (" + maxRecordBytes + "); none of the " + n
                        + " events was written";
            }
            buffer.putInt(header, len);
            buffer.putInt(header + 4, Segment.crc(buffer.array(), header + Segment.HEADER, len));
            ends[kept + 1] = buffer.size();
            seqAfter[kept] = seq;
            ids[kept] = id;
            eventIndex[kept] = i;
            kept++;
        }
        lastSeq = seq;
        return null;
    }

    /** How many records the last {@link #stage} kept. */
    int kept() {
        return kept;
    }

    /** How many events the last {@link #stage} skipped as already held. */
    int duplicates() {
        return duplicates;
    }

    /** This site's last origin sequence after every staged record. */
    long lastSeq() {
        return lastSeq;
    }

    /** Bytes of every staged record, headers included. */
    int bytes() {
        return buffer.size();
    }

    /** The buffer the records are staged in (valid up to {@link #bytes()}). */
    byte[] array() {
        return buffer.array();
    }

    /** Where kept record {@code i} starts in {@link #array()}. */
    int start(int i) {
        return ends[i];
    }

    /** The length of kept record {@code i}, header included. */
    int length(int i) {
        return ends[i + 1] - ends[i];
    }

    /** The index in the staged events of kept record {@code i}. */
    int eventIndex(int i) {
        return eventIndex[i];
    }

    /**
     * The highest sequence per origin before kept record {@code i}: what the sequence file of a segment starting at
     * that record holds.
     */
    Map<String, Long> sequencesBefore(int i, OriginSequences seqs) {
        String site = seqs.site();
        Map<String, Long> m = seqs.othersBeforeBatch();
        for (int j = 0; j < i; j++) {
            EventId id = ids[j];
            if (!id.originSite().equals(site)) {
                m.merge(id.originSite(), id.originSeq(), Math::max);
            }
        }
        m.put(site, i == 0 ? seqs.local() : seqAfter[i - 1]);
        return m;
    }
}

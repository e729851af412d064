package io.triad.appliance;

import io.triad.appliance.config.SiteSection;
import io.triad.collector.journal.Journal;
import io.triad.collector.replication.Replication;
import io.triad.search.index.Indexer;
import io.triad.web.api.HealthResource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The health report of {@code GET /api/v1/health}: the site is up while its journal accepts and its indexer runs; the
 * replication with the peer data site is shown, but a peer that is away degrades nothing here.
 *
 * <p>NOTE: thread safe as far as the components it reads are; each {@link #report()} reads them afresh.
 */
final class SiteHealth {
    private final SiteSection site;
    private final Journal journal;
    private final Indexer indexer;
    private final @Nullable Replication replication;

    SiteHealth(SiteSection site, Journal journal, Indexer indexer, @Nullable Replication replication) {
        this.site = site;
        this.journal = journal;
        this.indexer = indexer;
        this.replication = replication;
    }

    HealthResource.HealthReport report() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("site", site.id());
        d.put("role", site.role());
        boolean indexerUp = indexer.running() && indexer.failure().isEmpty();
        IOException stalled = journal.stalled();
        boolean journalUp = journal.failure() == null && stalled == null;
        d.put("journal", journal(stalled));
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("status", indexerUp ? "up" : "down");
        x.put("indexedPosition", indexer.lastIndexedPosition());
        x.put("lag", indexer.lag());
        indexer.failure().ifPresent(f -> x.put("failure", String.valueOf(f)));
        d.put("indexer", x);
        Replication r = replication;
        if (r != null) {
            // informative: a peer that is away degrades nothing here (its events are durable here, both-acks wait or
            // fall back once the peer is declared down)
            d.put("replication", replication(r.status()));
        }
        Runtime rt = Runtime.getRuntime();
        d.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        d.put("heapMaxBytes", rt.maxMemory());
        return new HealthResource.HealthReport(indexerUp && journalUp, d);
    }

    private Map<String, Object> journal(@Nullable IOException stalled) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("status", journal.failure() != null ? "down" : stalled != null ? "stalled" : "up");
        if (stalled != null) {
            // a full disk: not accepting, retrying; nothing acknowledged is at risk
            j.put("stalled", String.valueOf(stalled.getMessage()));
        }
        j.put("lastPosition", journal.lastPosition());
        j.put("durablePosition", journal.durablePosition());
        j.put("sizeBytes", journal.sizeBytes());
        j.put("accepting", journal.accepting());
        IOException failure = journal.failure();
        if (failure != null) {
            j.put("failure", String.valueOf(failure.getMessage()));
        }
        return j;
    }

    private static Map<String, Object> replication(Replication.Status r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peer", r.peer());
        m.put("status", r.pulling() && r.peerPulling() ? "up" : "degraded");
        m.put("pulling", r.pulling());
        m.put("peerPulling", r.peerPulling());
        m.put("heldSeq", r.heldSeq());
        m.put("peerSeq", r.peerSeq());
        m.put("lagRecords", r.lagRecords());
        m.put("localSeq", r.localSeq());
        m.put("ackedSeq", r.ackedSeq());
        m.put("unacked", r.unacked());
        m.put("waitingAcks", r.waitingAcks());
        m.put("fallbackToLocal", r.fallback());
        if (!r.lastError().isEmpty()) {
            m.put("lastError", r.lastError());
        }
        if (r.lastCatchUpEvents() > 0) {
            m.put("lastCatchUp", Map.of("events", r.lastCatchUpEvents(), "millis", r.lastCatchUpMillis()));
        }
        return m;
    }
}

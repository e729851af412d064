package io.triad.appliance;

import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import io.triad.durable.DurableFiles;
import io.triad.failover.ClusterState;
import io.triad.failover.ClusterState.Event;
import io.triad.failover.Coordinator;
import io.triad.failover.SiteAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the cluster's history (failovers, promotions, site states, operators' actions) and this site's hook runs into
 * the log journal, so they are searchable and correlate with the components' own logs: component {@code appliance},
 * input {@code cluster}, app {@code triad-cluster} ({@code msgid} {@code CLUSTER_<TYPE>}, fields {@code type}, {@code
 * cluster_version}, {@code epoch}, {@code concerns}) and app {@code triad-agent} ({@code msgid} {@code HOOK_<NAME>},
 * fields {@code hook}, {@code cluster_component}, {@code from_role}, {@code to_role}, {@code epoch}, {@code ok}).
 *
 * <p>Every site writes the whole history it applies, so each site's search shows it; the version of the last event
 * written is kept in {@code <data>/raft/journaled-version}, so a restart (which replays the Raft log) writes nothing
 * twice.
 *
 * <p>NOTE: runs on the coordinator's listener thread and never blocks it: the journal's future is not awaited.
 */
final class ClusterLog implements Coordinator.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLog.class);
    private static final int MAX_OUTPUT_CHARS = 4096;

    private final EventSink sink;
    private final String site;
    private final String host;
    private final Clock clock;
    private final Path mark;
    private long journaled;

    ClusterLog(EventSink sink, String site, String host, Clock clock, Path raftDir) {
        this.sink = sink;
        this.site = site;
        this.host = host;
        this.clock = clock;
        this.mark = raftDir.resolve("journaled-version");
        long v = 0;
        try {
            if (Files.exists(mark)) {
                v = Long.parseLong(
                        Files.readString(mark, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("cannot read {}; the cluster history may be journaled again: {}", mark, e.toString());
        }
        this.journaled = v;
    }

    @Override
    public synchronized void stateChanged(ClusterState state) {
        List<LogEvent> events = new ArrayList<>();
        long last = journaled;
        for (Event e : state.history()) {
            if (e.version() > journaled) {
                events.add(event(e, state.epoch()));
                last = Math.max(last, e.version());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        journaled = last;
        submit(events);
        try {
            Files.createDirectories(mark.getParent());
            DurableFiles.writeCreatingDirectories(mark, Long.toString(last).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", mark, e.toString());
        }
    }

    /** A hook run of this site's agent. */
    void hook(SiteAgent.HookEvent h) {
        long now = clock.millis() * 1000;
        String output = h.output().length() > MAX_OUTPUT_CHARS
                ? h.output().substring(h.output().length() - MAX_OUTPUT_CHARS)
                : h.output();
        LogEvent e = LogEvent.builder()
                .timestamp(now)
                .received(now)
                .site(site)
                .input("cluster")
                .host(host)
                .component("appliance")
                .layer("platform")
                .severity(h.ok() ? 5 : 3)
                .app("triad-agent")
                .msgId("HOOK_" + h.hook().toUpperCase(Locale.ROOT).replace('-', '_'))
                .message(h.component() + " " + h.hook() + " on " + h.site() + ": " + h.summary())
                .field("hook", h.hook())
                .field("cluster_component", h.component())
                .field("from_role", h.from().name().toLowerCase(Locale.ROOT))
                .field("to_role", h.to().name().toLowerCase(Locale.ROOT))
                .field("epoch", Long.toString(h.epoch()))
                .field("ok", Boolean.toString(h.ok()))
                .field("output", output)
                .build();
        submit(List.of(e));
    }

    private LogEvent event(Event e, long epoch) {
        long at = e.at().toEpochMilli() * 1000;
        long now = clock.millis() * 1000;
        int severity = switch (e.type()) {
            case "failover", "hook-failed" -> 3;
            case "promotion", "demote", "failback", "switchover", "site-state" -> 5;
            default -> 6;
        };
        return LogEvent.builder()
                .timestamp(at)
                .received(now)
                .site(site)
                .input("cluster")
                .host(host)
                .component("appliance")
                .layer("platform")
                .severity(severity)
                .app("triad-cluster")
                .msgId("CLUSTER_" + e.type().toUpperCase(Locale.ROOT).replace('-', '_'))
                .message(e.type() + (e.site().isEmpty() ? "" : " " + e.site()) + ": " + e.detail())
                .field("type", e.type())
                .field("cluster_version", Long.toString(e.version()))
                .field("epoch", Long.toString(epoch))
                .field("concerns", e.site())
                .build();
    }

    private void submit(List<LogEvent> events) {
        sink.submit(events).whenComplete((ok, x) -> {
            if (x != null) {
                LOG.warn("{} cluster events could not be journaled: {}", events.size(), x.toString());
            }
        });
    }
}

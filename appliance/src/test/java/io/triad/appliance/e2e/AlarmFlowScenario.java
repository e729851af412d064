package io.triad.appliance.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import de.siegmar.logbackgelf.GelfEncoder;
import de.siegmar.logbackgelf.GelfTcpAppender;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Realistic alarm flows of the security backbone across both data sites, with their ground truth.
 *
 * <p>One flow: a door controller reports a forced door (syslog, the alarm id in the message), AAM checks the badge
 * (GELF, the alarm id and a session id as fields), EEP processes the event (OTLP with trace context and the alarm id
 * as an attribute), EAP on the other site raises the alarm (RFC 5424 with {@code [opentelemetry trace_id span_id]}
 * and the alarm id as a parameter), the backbone routes it to a console (OTLP, linked only by the trace id) and an
 * operator acknowledges it (GELF, the alarm id only in the message). Between the flows, OS and network events of the
 * same hosts carry no key at all.
 *
 * <p>NOTE: not thread safe; one instance sends one scenario.
 */
final class AlarmFlowScenario {
    /** One event the scenario sent, with the correlation keys it must have in the index. */
    record Sent(String host, String message, Set<String> keys, boolean flow) {}

    private static final String[] SITES = {"a", "b"};
    private static final String SD_ID = "triad@32473";

    private final Random random;
    private final int flows;
    private final int noisePerFlow;
    private final List<Sent> sent = new ArrayList<>();
    private final Map<String, List<Sent>> byAlarm = new LinkedHashMap<>();

    AlarmFlowScenario(long seed, int flows, int noisePerFlow) {
        this.random = new Random(seed);
        this.flows = flows;
        this.noisePerFlow = noisePerFlow;
    }

    List<Sent> sent() {
        return sent;
    }

    /** The flows by alarm id, steps in time order. */
    Map<String, List<Sent>> flows() {
        return byAlarm;
    }

    /** Sends every flow and the noise to the appliance's syslog TCP, GELF TCP and OTLP/HTTP inputs. */
    void send(RunningAppliance triad) throws Exception {
        long t0 = Instant.now().toEpochMilli() - 60_000L; // a minute ago, 50 ms per step
        Map<String, SdkLoggerProvider> otel = new HashMap<>();
        Map<String, GelfTcpAppender> gelf = new HashMap<>();
        LoggerContext logback = new LoggerContext();
        logback.start();
        try (Socket syslog = new Socket("127.0.0.1", triad.port("syslog-tcp"))) {
            OutputStream out = syslog.getOutputStream();
            for (int f = 0; f < flows; f++) {
                String here = SITES[f % 2];
                String there = SITES[(f + 1) % 2];
                String alarm = "ALM-" + (100_000 + f * 7 + random.nextInt(7));
                String trace = hex(32);
                String session = "S-" + hex(8);
                int door = random.nextInt(400);
                long badge = 10_000_000L + random.nextInt(80_000_000);
                long ts = t0 + f * 400L;
                List<Sent> steps = new ArrayList<>();
                byAlarm.put(alarm, steps);

                String doorHost = String.format(Locale.ROOT, "door-%s%02d", here, 1 + random.nextInt(20));
                String m1 = "door D" + door + " forced open, alarm " + alarm + " created";
                syslog(out, ts, 16, 2, doorHost, "doorctl", "ALARM", sd("door", "hardware", null, null, null), m1);
                steps.add(sent(doorHost, m1, true, "alarm_id=" + alarm));

                String aamHost = "aam-" + here + "1";
                String m2 = "badge " + badge + " checked for door D" + door + ": not authorised at this time";
                gelf(
                        gelf,
                        logback,
                        triad,
                        aamHost,
                        "AAM",
                        ts + 50,
                        Level.WARN,
                        m2,
                        Map.of("alarm_id", alarm, "session_id", session));
                steps.add(sent(aamHost, m2, true, "alarm_id=" + alarm, "session_id=" + session));

                String eepHost = "eep-" + here + "1";
                String span3 = hex(16);
                String m3 = "event for door D" + door + " classified as intrusion, priority 1";
                otlp(otel, triad, eepHost, "EEP", ts + 100, m3, trace, span3, Map.of("alarm_id", alarm));
                steps.add(sent(eepHost, m3, true, "alarm_id=" + alarm, "trace_id=" + trace, "span_id=" + span3));

                String eapHost = "eap-" + there + "1";
                String span4 = hex(16);
                String m4 = "alarm raised for door D" + door + " with priority 1, 2 operators notified";
                syslog(
                        out,
                        ts + 150,
                        16,
                        1,
                        eapHost,
                        "eap",
                        "RAISE",
                        sd("EAP", "application", alarm, trace, span4),
                        m4);
                steps.add(sent(eapHost, m4, true, "alarm_id=" + alarm, "trace_id=" + trace, "span_id=" + span4));

                String bbHost = "bb-" + there + "1";
                String span5 = hex(16);
                String m5 = "alarm routed to console " + (1 + random.nextInt(8)) + " at site " + there;
                otlp(otel, triad, bbHost, "backbone", ts + 200, m5, trace, span5, Map.of());
                steps.add(sent(bbHost, m5, true, "trace_id=" + trace, "span_id=" + span5));

                String opsHost = "ops-" + there + "1";
                String m6 = "alarm " + alarm + " acknowledged by operator guard0" + (1 + random.nextInt(4));
                gelf(gelf, logback, triad, opsHost, "backbone", ts + 300, Level.INFO, m6, Map.of());
                steps.add(sent(opsHost, m6, true, "alarm_id=" + alarm));

                for (int n = 0; n < noisePerFlow; n++) {
                    noise(out, ts + random.nextInt(400), here);
                }
            }
            out.flush();
        } finally {
            for (SdkLoggerProvider p : otel.values()) {
                p.forceFlush().join(10, TimeUnit.SECONDS);
                p.shutdown().join(10, TimeUnit.SECONDS);
            }
            gelf.values().forEach(GelfTcpAppender::stop);
            logback.stop();
        }
    }

    private void noise(OutputStream out, long ts, String site) throws IOException {
        String host = random.nextBoolean() ? "eep-" + site + "1" : "aam-" + site + "1";
        switch (random.nextInt(4)) {
            case 0 -> {
                String m = "CPU " + random.nextInt(2) + " load " + random.nextInt(100) + "% over 60 s";
                syslog(out, ts, 3, 6, host, "collectd", "-", "-", m);
                sent.add(new Sent(host, m, Set.of(), false));
            }
            case 1 -> {
                String m = "session opened for user svc-sync by (uid=" + random.nextInt(2000) + ")";
                syslog(out, ts, 10, 6, host, "sshd", "-", "-", m);
                sent.add(new Sent(host, m, Set.of(), false));
            }
            case 2 -> {
                String m = "eth" + random.nextInt(2) + " rx errors " + random.nextInt(50) + " in the last minute";
                syslog(out, ts, 0, 4, host, "kernel", "-", sd("net", "network", null, null, null), m);
                sent.add(new Sent(host, m, Set.of(), false));
            }
            default -> {
                String m = "connection from 10.20." + random.nextInt(256) + "." + random.nextInt(256)
                        + " accepted on port 443";
                syslog(out, ts, 3, 6, host, "haproxy", "-", sd("lb", "network", null, null, null), m);
                sent.add(new Sent(host, m, Set.of(), false));
            }
        }
    }

    private Sent sent(String host, String message, boolean flow, String... keys) {
        Sent s = new Sent(host, message, new TreeSet<>(List.of(keys)), flow);
        sent.add(s);
        return s;
    }

    private String hex(int digits) {
        StringBuilder b = new StringBuilder(digits);
        while (b.length() < digits) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }

    private static String sd(String component, String layer, String alarm, String trace, String span) {
        StringBuilder b = new StringBuilder();
        if (trace != null) {
            b.append("[opentelemetry trace_id=\"")
                    .append(trace)
                    .append("\" span_id=\"")
                    .append(span)
                    .append("\"]");
        }
        b.append('[')
                .append(SD_ID)
                .append(" component=\"")
                .append(component)
                .append("\" layer=\"")
                .append(layer)
                .append('"');
        if (alarm != null) {
            b.append(" alarm_id=\"").append(alarm).append('"');
        }
        return b.append(']').toString();
    }

    /** One RFC 5424 line, LF-framed (RFC 6587 non-transparent framing). */
    private static void syslog(
            OutputStream out,
            long millis,
            int facility,
            int severity,
            String host,
            String app,
            String msgId,
            String sd,
            String message)
            throws IOException {
        String line = "<" + (facility * 8 + severity) + ">1 " + Instant.ofEpochMilli(millis) + " " + host + " " + app
                + " " + (1000 + Math.floorMod(host.hashCode(), 9000)) + " " + msgId + " " + sd + " " + message + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
    }

    private static void gelf(
            Map<String, GelfTcpAppender> appenders,
            LoggerContext ctx,
            RunningAppliance triad,
            String host,
            String component,
            long millis,
            Level level,
            String message,
            Map<String, String> mdc) {
        GelfTcpAppender appender = appenders.computeIfAbsent(host, h -> {
            GelfEncoder encoder = new GelfEncoder();
            encoder.setContext(ctx);
            encoder.setOriginHost(h);
            encoder.addStaticField("component:" + component);
            encoder.addStaticField("layer:application");
            encoder.start();
            GelfTcpAppender a = new GelfTcpAppender();
            a.setContext(ctx);
            a.setName("gelf-" + h);
            a.setGraylogHost("127.0.0.1");
            a.setGraylogPort(triad.port("gelf-tcp"));
            a.setEncoder(encoder);
            a.start();
            return a;
        });
        LoggingEvent e = new LoggingEvent();
        e.setLoggerName(component.toLowerCase(Locale.ROOT));
        e.setLevel(level);
        e.setMessage(message);
        e.setTimeStamp(millis);
        e.setThreadName("main");
        e.setMDCPropertyMap(mdc);
        e.setLoggerContext(ctx);
        appender.doAppend(e);
    }

    private static void otlp(
            Map<String, SdkLoggerProvider> providers,
            RunningAppliance triad,
            String host,
            String component,
            long millis,
            String message,
            String trace,
            String span,
            Map<String, String> attributes) {
        SdkLoggerProvider provider = providers.computeIfAbsent(
                host,
                h -> SdkLoggerProvider.builder()
                        .setResource(Resource.create(Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                component.toLowerCase(Locale.ROOT),
                                AttributeKey.stringKey("host.name"),
                                h,
                                AttributeKey.stringKey("triad.component"),
                                component,
                                AttributeKey.stringKey("triad.layer"),
                                "application")))
                        .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                                        .setEndpoint("http://127.0.0.1:" + triad.port("otlp-http") + "/v1/logs")
                                        .build())
                                .build())
                        .build());
        Context ctx = Context.root()
                .with(Span.wrap(SpanContext.create(trace, span, TraceFlags.getSampled(), TraceState.getDefault())));
        var b = provider.get(component.toLowerCase(Locale.ROOT))
                .logRecordBuilder()
                .setContext(ctx)
                .setTimestamp(millis, TimeUnit.MILLISECONDS)
                .setSeverity(Severity.INFO)
                .setBody(message);
        attributes.forEach((k, v) -> b.setAttribute(AttributeKey.stringKey(k), v));
        b.emit();
    }
}

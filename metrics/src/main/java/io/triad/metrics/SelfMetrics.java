package io.triad.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The appliance's own meter registry: every component registers its meters here, and it renders them in the
 * Prometheus text format. JVM, GC, thread, class-loader, processor, uptime and file-descriptor meters are bound
 * from the start.
 *
 * <p>NOTE: thread safe. {@link #close()} stops the GC listener and closes the registry.
 */
public final class SelfMetrics implements AutoCloseable {
    /** Help texts of meters that libraries register without one. */
    private static final java.util.Map<String, String> HELP = java.util.Map.of(
            "http.server.requests", "HTTP requests served, by method, URI template, status and outcome",
            "system.cpus", "Processors available to the Java virtual machine");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public SelfMetrics(String site) {
        registry.config().commonTags("site", site);
        // what `promtool check metrics` would reject: a unit abbreviation in a name, a "_count" suffix on a gauge,
        // and meters registered without help text (Jersey's HTTP timer)
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                Meter.Id out = id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
                if (out.getDescription() == null || out.getDescription().isEmpty()) {
                    String help = HELP.get(out.getName());
                    if (help != null) {
                        out = new Meter.Id(
                                out.getName(),
                                Tags.of(out.getTagsAsIterable()),
                                out.getBaseUnit(),
                                help,
                                out.getType());
                    }
                }
                return out;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The registry components register their meters on. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

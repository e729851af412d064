package io.triad.collector.input;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.triad.collector.gelf.GelfChunkAssembler;
import io.triad.collector.gelf.GelfCodec;
import io.triad.collector.gelf.GelfFrameDecoder;
import io.triad.collector.ndjson.NdjsonCodec;
import io.triad.collector.otlp.OtlpLogsCodec;
import io.triad.collector.sink.EventSink;
import io.triad.collector.syslog.SyslogCodec;
import io.triad.collector.syslog.SyslogFrameDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion servers of one site: syslog over UDP (RFC 5426), TCP (RFC 6587) and TLS (RFC 5425), GELF over UDP,
 * TCP and HTTP, OTLP/HTTP logs with the NDJSON bulk endpoint on the same port (and there any {@link
 * ExternalHttpRoute} given, e.g. OTLP metrics). Each enabled input decodes what it
 * receives into {@link io.triad.collector.model.LogEvent}s and delivers them to one {@link EventSink}.
 *
 * <p>Lifecycle: {@link #start()} binds every enabled input (all or none: when one cannot bind, those already bound
 * are closed and the error is thrown); {@link #port(String)} then reports the bound ports; {@link #close()} stops
 * the inputs in reverse order and then the shared event loops, gracefully. All inputs share one small event loop
 * group ({@value #EVENT_LOOP_THREADS} threads; the appliance runs on two cores).
 *
 * <p>Back-pressure (while {@link EventSink#accepting()} is false, or a TCP connection has too many batches
 * outstanding): TCP inputs stop reading, HTTP inputs answer 429 with {@code Retry-After}, UDP inputs drop and
 * count. HTTP inputs answer only once the sink made the events durable. Bad input is counted per input
 * ({@code triad.input.errors}) and never closes a connection or loses other messages.
 *
 * <p>NOTE: {@link #start()} and {@link #close()} are called once each from one thread; {@link #port(String)} is
 * thread safe after {@link #start()}.
 */
public final class Inputs implements AutoCloseable {
    static final int EVENT_LOOP_THREADS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Inputs.class);
    private static final int UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;
    /** A UDP payload is at most 65,507 bytes over IPv4; one buffer holds any datagram whole. */
    private static final int MAX_DATAGRAM = 65_536;
    /** UDP channels cannot push back; they may have more batches outstanding before dropping. */
    private static final int UDP_MAX_IN_FLIGHT = 16;
    /** Worker threads of the external routes (they store samples; the appliance runs on two cores). */
    private static final int ROUTE_WORKERS = 2;
    /** Requests of the external routes waiting for a worker before one more is refused with 503. */
    private static final int ROUTE_QUEUE = 64;

    private final InputsConfig config;
    private final java.util.function.Function<String, EventSink> sinks;
    private final MeterRegistry registry;
    private final Clock clock;
    private final List<ExternalHttpRoute> externalRoutes;
    private final Map<String, InputMeters> meters = new LinkedHashMap<>();
    private final Map<String, Channel> bound = new LinkedHashMap<>();
    private @Nullable EventLoopGroup group;
    private @Nullable TlsMaterial tls;
    private @Nullable ExecutorService routeWorkers;

    public Inputs(InputsConfig config, EventSink sink, MeterRegistry registry) {
        this(config, sink, registry, Clock.systemUTC());
    }

    /**
     * @param config what to start and the limits
     * @param sink where events go
     * @param registry where the per-input meters are registered
     * @param clock the receive time of events
     */
    public Inputs(InputsConfig config, EventSink sink, MeterRegistry registry, Clock clock) {
        this(config, sink, registry, clock, List.of());
    }

    /**
     * @param config what to start and the limits
     * @param sink where events go
     * @param registry where the per-input meters are registered
     * @param clock the receive time of events
     * @param externalRoutes further {@code POST} paths served on the OTLP/HTTP port (when that input is enabled)
     * @throws IllegalArgumentException when two routes, or a route and a built-in endpoint, share a path
     */
    public Inputs(
            InputsConfig config,
            EventSink sink,
            MeterRegistry registry,
            Clock clock,
            List<ExternalHttpRoute> externalRoutes) {
        this(config, constant(Objects.requireNonNull(sink, "sink")), registry, clock, externalRoutes);
    }

    /**
     * @param config what to start and the limits
     * @param sinks the sink of each input, by its name (each input can acknowledge by its own policy)
     * @param registry where the per-input meters are registered
     * @param clock the receive time of events
     * @param externalRoutes further {@code POST} paths served on the OTLP/HTTP port (when that input is enabled)
     * @throws IllegalArgumentException when two routes, or a route and a built-in endpoint, share a path
     */
    public Inputs(
            InputsConfig config,
            java.util.function.Function<String, EventSink> sinks,
            MeterRegistry registry,
            Clock clock,
            List<ExternalHttpRoute> externalRoutes) {
        this.config = Objects.requireNonNull(config, "config");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.externalRoutes = List.copyOf(externalRoutes);
        java.util.Set<String> paths = new java.util.HashSet<>(List.of(OtlpEndpoint.PATH, NdjsonEndpoint.PATH));
        for (ExternalHttpRoute r : this.externalRoutes) {
            if (!paths.add(r.path())) {
                throw new IllegalArgumentException("route path must be unique on the OTLP/HTTP port; got: " + r.path());
            }
        }
    }

    /**
     * Binds every enabled input.
     *
     * @throws IOException when an input cannot bind its port (the message names the input and the address) or the
     *     TLS key material cannot be read or written
     * @throws GeneralSecurityException when the TLS keystore is unusable
     * @throws IllegalStateException when called twice
     */
    public synchronized void start() throws IOException, GeneralSecurityException {
        if (group != null) {
            throw new IllegalStateException("inputs are already started");
        }
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
                EVENT_LOOP_THREADS, new DefaultThreadFactory("triad-input", true), NioIoHandler.newFactory());
        group = loops;
        try {
            startEnabled(loops);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startEnabled(EventLoopGroup loops) throws IOException, GeneralSecurityException {
        InputsConfig.Limits limits = config.limits();
        InputsConfig.Ports ports = config.ports();
        SyslogCodec syslog = new SyslogCodec(config.defaultZone(), limits.maxSyslogFrameBytes());
        GelfCodec gelf = new GelfCodec(limits.maxGelfMessageBytes());
        if (enabled(InputsConfig.SYSLOG_UDP)) {
            InputContext input = context(InputsConfig.SYSLOG_UDP);
            SyslogFrameHandler decoder = new SyslogFrameHandler(input, syslog);
            bindUdp(loops, input, ports.syslog(), p -> p.addLast(decoder));
        }
        if (enabled(InputsConfig.SYSLOG_TCP)) {
            InputContext input = context(InputsConfig.SYSLOG_TCP);
            SyslogFrameHandler decoder = new SyslogFrameHandler(input, syslog);
            bindTcp(
                    loops,
                    input,
                    ports.syslog(),
                    p -> p.addLast(new SyslogFrameDecoder(limits.maxSyslogFrameBytes()), decoder));
        }
        if (enabled(InputsConfig.SYSLOG_TLS)) {
            TlsMaterial material = TlsMaterial.load(config.tls(), clock);
            tls = material;
            SslContext ssl = material.serverContext();
            InputContext input = context(InputsConfig.SYSLOG_TLS);
            SyslogFrameHandler decoder = new SyslogFrameHandler(input, syslog);
            bindTcp(
                    loops,
                    input,
                    ports.syslogTls(),
                    p -> p.addLast(
                            ssl.newHandler(p.channel().alloc()),
                            new SyslogFrameDecoder(limits.maxSyslogFrameBytes()),
                            decoder));
        }
        if (enabled(InputsConfig.GELF_UDP)) {
            InputContext input = context(InputsConfig.GELF_UDP);
            bindUdp(
                    loops,
                    input,
                    ports.gelf(),
                    p -> p.addLast(new GelfDatagramHandler(
                            input,
                            gelf,
                            new GelfChunkAssembler(
                                    limits.maxGelfChunks(),
                                    limits.gelfChunkTimeout(),
                                    limits.maxGelfMessageBytes(),
                                    limits.maxGelfPendingMessages()),
                            System::nanoTime)));
        }
        if (enabled(InputsConfig.GELF_TCP)) {
            InputContext input = context(InputsConfig.GELF_TCP);
            GelfFrameHandler decoder = new GelfFrameHandler(input, gelf);
            bindTcp(
                    loops,
                    input,
                    ports.gelf(),
                    p -> p.addLast(new GelfFrameDecoder(limits.maxGelfMessageBytes()), decoder));
        }
        if (enabled(InputsConfig.GELF_HTTP)) {
            InputContext input = context(InputsConfig.GELF_HTTP);
            bindHttp(loops, input, ports.gelfHttp(), Map.of(GelfHttpEndpoint.PATH, new GelfHttpEndpoint(input, gelf)));
        }
        if (enabled(InputsConfig.OTLP_HTTP)) {
            InputContext otlp = context(InputsConfig.OTLP_HTTP);
            InputContext ndjson = context(InputsConfig.NDJSON);
            Map<String, HttpEndpoint> routes = new LinkedHashMap<>();
            routes.put(OtlpEndpoint.PATH, new OtlpEndpoint(otlp, new OtlpLogsCodec(limits.maxOtlpAttributes())));
            routes.put(
                    NdjsonEndpoint.PATH,
                    new NdjsonEndpoint(ndjson, new NdjsonCodec(limits.maxNdjsonLineBytes(), limits.maxNdjsonLines())));
            if (!externalRoutes.isEmpty()) {
                ExecutorService workers = routeWorkers();
                for (ExternalHttpRoute r : externalRoutes) {
                    routes.put(r.path(), new ExternalEndpoint(context(r.input()), r, workers));
                }
            }
            bindHttp(loops, otlp, ports.otlpHttp(), routes);
        }
    }

    /**
     * The workers of the external routes: {@value #ROUTE_WORKERS} threads and a queue of {@value #ROUTE_QUEUE}
     * requests; a request beyond that is answered 503 with {@code Retry-After}.
     */
    private ExecutorService routeWorkers() {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(
                ROUTE_WORKERS,
                ROUTE_WORKERS,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(ROUTE_QUEUE),
                new DefaultThreadFactory("triad-input-route", true),
                new ThreadPoolExecutor.AbortPolicy());
        routeWorkers = workers;
        return workers;
    }

    /**
     * The port an input is bound to (the chosen one when configured as 0); {@code ndjson} reports the port of
     * {@code otlp-http}, which serves it.
     *
     * @throws IllegalArgumentException when the input is unknown or not running
     */
    public synchronized int port(String inputName) {
        String name = inputName.equals(InputsConfig.NDJSON) ? InputsConfig.OTLP_HTTP : inputName;
        Channel channel = bound.get(name);
        if (channel == null) {
            throw new IllegalArgumentException(
                    "input must be one of the running inputs " + bound.keySet() + "; got: " + inputName);
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The certificate syslog over TLS presents, or null while that input is not running. */
    public synchronized @Nullable X509Certificate tlsCertificate() {
        TlsMaterial material = tls;
        return material == null ? null : material.certificate();
    }

    /** Stops the inputs in reverse start order, then the event loops; waits a few seconds at most. Idempotent. */
    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(bound.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            Channel channel = bound.remove(names.get(i));
            if (channel != null) {
                channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        EventLoopGroup loops = group;
        if (loops != null) {
            loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        ExecutorService workers = routeWorkers;
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private boolean enabled(String name) {
        return config.enabled().contains(name);
    }

    private InputContext context(String name) {
        InputMeters m = meters.computeIfAbsent(name, n -> new InputMeters(n, registry));
        return new InputContext(
                config.site(), name, clock, m, Objects.requireNonNull(sinks.apply(name), () -> "no sink for " + name));
    }

    private static java.util.function.Function<String, EventSink> constant(EventSink sink) {
        return name -> sink;
    }

    private void bindUdp(EventLoopGroup loops, InputContext input, int port, Consumer<ChannelPipeline> decoders)
            throws IOException {
        Bootstrap b = new Bootstrap()
                .group(loops)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM));
                        ChannelPipeline p = ch.pipeline();
                        decoders.accept(p);
                        p.addLast(
                                new EventBatcher(input, UDP_MAX_IN_FLIGHT, EventBatcher.Mode.DROP),
                                new ChannelErrorHandler(input.meters()));
                    }
                });
        register(input.input(), b.bind(config.bindAddress(), port));
    }

    private void bindTcp(EventLoopGroup loops, InputContext input, int port, Consumer<ChannelPipeline> decoders)
            throws IOException {
        InputsConfig.Limits limits = config.limits();
        ConnectionLimit connections = new ConnectionLimit(limits.maxTcpConnections(), input.meters());
        ChannelErrorHandler errors = new ChannelErrorHandler(input.meters());
        ServerBootstrap b = serverBootstrap(loops).childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!connections.admit(ch)) {
                    return;
                }
                ChannelPipeline p = ch.pipeline();
                p.addLast(idleHandler());
                decoders.accept(p);
                p.addLast(new EventBatcher(input, limits.maxInFlightBatches(), EventBatcher.Mode.PAUSE), errors);
            }
        });
        register(input.input(), b.bind(config.bindAddress(), port));
    }

    private void bindHttp(EventLoopGroup loops, InputContext input, int port, Map<String, HttpEndpoint> routes)
            throws IOException {
        InputsConfig.Limits limits = config.limits();
        ConnectionLimit connections = new ConnectionLimit(limits.maxTcpConnections(), input.meters());
        ChannelErrorHandler errors = new ChannelErrorHandler(input.meters());
        ContentDecoding decoding = new ContentDecoding(limits.maxHttpDecompressedBytes());
        ServerBootstrap b = serverBootstrap(loops).childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!connections.admit(ch)) {
                    return;
                }
                ch.pipeline()
                        .addLast(
                                idleHandler(),
                                new HttpServerCodec(),
                                new BodyLimitAggregator(limits.maxHttpBodyBytes(), input.meters()),
                                new HttpIngestHandler(routes, input.meters(), decoding),
                                errors);
            }
        });
        register(input.input(), b.bind(config.bindAddress(), port));
    }

    private static ServerBootstrap serverBootstrap(EventLoopGroup loops) {
        return new ServerBootstrap()
                .group(loops, loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true);
    }

    private IdleStateHandler idleHandler() {
        return new IdleStateHandler(0, 0, config.limits().idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void register(String name, ChannelFuture bind) throws IOException {
        bind.awaitUninterruptibly();
        if (!bind.isSuccess()) {
            Throwable cause = bind.cause();
            throw new IOException(
                    name + " could not bind " + config.bindAddress() + ":" + portOf(name) + ": " + cause, cause);
        }
        bound.put(name, bind.channel());
        LOG.info("{} listening on {}", name, bind.channel().localAddress());
    }

    private int portOf(String name) {
        InputsConfig.Ports p = config.ports();
        return switch (name) {
            case InputsConfig.SYSLOG_UDP, InputsConfig.SYSLOG_TCP -> p.syslog();
            case InputsConfig.SYSLOG_TLS -> p.syslogTls();
            case InputsConfig.GELF_UDP, InputsConfig.GELF_TCP -> p.gelf();
            case InputsConfig.GELF_HTTP -> p.gelfHttp();
            default -> p.otlpHttp();
        };
    }
}

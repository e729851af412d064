package io.triad.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.web.api.ApiErrors;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The appliance's HTTP server: Jersey on Grizzly serving the resources it is given under {@code /api/v1}.
 *
 * <p>NOTE: {@link #start} binds the port and returns a running server; {@link #close()} stops accepting,
 * lets requests in flight finish for up to five seconds, then stops.
 */
public final class WebServer implements AutoCloseable {
    /**
     * Jersey warns, for every resource registered as an instance, that it "does not implement any provider
     * interfaces"; the resources work, so that logger is quieted (held here: JUL keeps loggers weakly).
     */
    private static final java.util.logging.Logger PROVIDERS_LOG =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    static {
        PROVIDERS_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final HttpServer server;
    private final int port;

    private WebServer(HttpServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server with the given JAX-RS resource instances (and providers) registered.
     *
     * @throws IOException when the port cannot be bound
     */
    public static WebServer start(WebConfig config, List<Object> components) throws IOException {
        ResourceConfig rc = new ResourceConfig();
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.register(JacksonFeature.withoutExceptionMappers());
        rc.register(new JsonMapperProvider(Json.mapper()));
        ApiErrors.mappers().forEach(rc::register);
        components.forEach(rc::register);
        URI uri = URI.create("http://" + config.bind() + ":" + config.port() + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(uri, rc, false);
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new IOException(
                    "cannot bind the web server to " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        NetworkListener listener = server.getListeners().iterator().next();
        return new WebServer(server, listener.getPort());
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.shutdown(5, TimeUnit.SECONDS).get(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        } catch (Exception e) {
            server.shutdownNow();
        }
    }

    /** Hands Jersey the appliance's configured {@link ObjectMapper}. */
    @jakarta.ws.rs.ext.Provider
    static final class JsonMapperProvider implements jakarta.ws.rs.ext.ContextResolver<ObjectMapper> {
        private final ObjectMapper mapper;

        JsonMapperProvider(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public ObjectMapper getContext(Class<?> type) {
            return mapper;
        }
    }
}

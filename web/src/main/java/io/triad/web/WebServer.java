package io.triad.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.web.json.ApiErrors;
import io.triad.web.json.Json;
import jakarta.ws.rs.core.Configuration;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.model.ModelProcessor;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;

/**
 * The appliance's HTTP server: Jersey on Grizzly serving the resources it is given under {@code /api/v1}, over HTTP
 * and, when configured, HTTPS (TLS 1.3 and 1.2) on a second port with the same resources.
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
    private final int httpsPort;
    private final List<Endpoint> endpoints;

    private WebServer(HttpServer server, int port, int httpsPort, List<Endpoint> endpoints) {
        this.server = server;
        this.port = port;
        this.httpsPort = httpsPort;
        this.endpoints = endpoints;
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
        ModelCapture model = new ModelCapture();
        rc.register(model);
        URI uri = URI.create("http://" + config.bind() + ":" + config.port() + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(uri, rc, false);
        NetworkListener http = server.getListeners().iterator().next();
        NetworkListener https = null;
        SSLContext tls = config.tls();
        if (config.httpsPort() >= 0 && tls != null) {
            https = new NetworkListener("https", config.bind(), config.httpsPort());
            https.setSecure(true);
            SSLEngineConfigurator engines = new SSLEngineConfigurator(tls, false, false, false);
            engines.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            https.setSSLEngineConfig(engines);
            server.addListener(https);
        }
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new IOException(
                    "cannot bind the web server to " + config.bind() + ":" + config.port()
                            + (https != null ? " and HTTPS port " + config.httpsPort() : "") + ": " + e.getMessage(),
                    e);
        }
        return new WebServer(server, http.getPort(), https == null ? -1 : https.getPort(), model.endpoints());
    }

    /** The bound HTTP port. */
    public int port() {
        return port;
    }

    /** The bound HTTPS port, or -1 when HTTPS is off. */
    public int httpsPort() {
        return httpsPort;
    }

    /**
     * Every resource method the application serves (Jersey's own additions, such as the generated OPTIONS methods,
     * left out), from Jersey's resource model: what the authorization tests walk.
     */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * One resource method.
     *
     * @param httpMethod GET, POST, ...
     * @param path the path template, e.g. {@code /api/v1/events/{id}}
     * @param resourceClass the class that serves it
     * @param method the Java method that serves it
     */
    public record Endpoint(String httpMethod, String path, Class<?> resourceClass, Method method) {
        public Endpoint {
            Objects.requireNonNull(httpMethod, "httpMethod");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(resourceClass, "resourceClass");
            Objects.requireNonNull(method, "method");
        }

        @Override
        public String toString() {
            return httpMethod + " " + path;
        }
    }

    /** Keeps the endpoints of the final resource model when Jersey builds the application. */
    static final class ModelCapture implements ModelProcessor {
        private volatile List<Endpoint> endpoints = List.of();

        List<Endpoint> endpoints() {
            return endpoints;
        }

        @Override
        public ResourceModel processResourceModel(ResourceModel model, Configuration configuration) {
            List<Endpoint> out = new ArrayList<>();
            for (Resource r : model.getRootResources()) {
                walk(r, "", out);
            }
            endpoints = List.copyOf(out);
            return model;
        }

        @Override
        public ResourceModel processSubResource(ResourceModel model, Configuration configuration) {
            return model;
        }

        private static void walk(Resource resource, String parent, List<Endpoint> out) {
            String path = join(parent, resource.getPath());
            for (ResourceMethod m : resource.getResourceMethods()) {
                if (m.isExtended()) {
                    continue;
                }
                Method java = m.getInvocable().getDefinitionMethod();
                out.add(new Endpoint(m.getHttpMethod(), path, java.getDeclaringClass(), java));
            }
            for (Resource child : resource.getChildResources()) {
                walk(child, path, out);
            }
        }

        private static String join(String parent, String child) {
            if (child.isEmpty() || child.equals("/")) {
                return parent.isEmpty() ? "/" : parent;
            }
            String p = parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent;
            return p + (child.startsWith("/") ? child : "/" + child);
        }
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

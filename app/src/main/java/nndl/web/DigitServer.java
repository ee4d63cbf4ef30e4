package nndl.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.nn.Network;

/**
 * The web server of {@code nndl serve}: the drawing page (files from the jar, {@link StaticFiles})
 * and its JSON API ({@link DigitApi}), on the JDK's own HTTP server with a fixed pool of threads.
 *
 * <p>Every request gets an answer and the server goes on: a bad image or bad JSON is 400 with
 * {@code {"error": "..."}} (the {@link UserException}'s line), an unknown path 404, a wrong method
 * 405, a body over {@link #MAX_BODY} bytes 413 (read with that limit, never buffered whole), a body
 * neither image nor JSON 415, a fault of ours 500.
 */
public final class DigitServer implements AutoCloseable {
    /** The largest request body read: 5 MB (a drawing is a few kB; a phone photo a few MB). */
    public static final int MAX_BODY = 5 * 1024 * 1024;
    /** How much of a body over the limit is read and dropped before refusing it: 10 MB. */
    static final int SWALLOW = 2 * MAX_BODY;
    /** Requests waiting for a thread beyond this many are dropped (the connection is closed). */
    static final int QUEUE = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Only the page's own files, scripts, styles and requests; nothing from elsewhere. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'";

    static {
        // The JDK's server leaves Nagle's algorithm on, so a small answer written as headers then body
        // waits for the client's delayed ACK: 40 ms a request on Linux. This turns it off; the JDK
        // reads it once, when its first HTTP server starts (a -D on the command line wins).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private interface Handler {
        Response handle(HttpExchange exchange) throws IOException;
    }

    private record Route(Set<String> methods, Handler handler) {
    }

    private record Response(int status, String type, byte[] body) {
        static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsBytes(value));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Response error(int status, String message) {
            ObjectNode o = JSON.createObjectNode();
            o.put("error", message);
            return json(status, o);
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor threads;
    private final Map<String, Route> routes = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DigitServer(HttpServer server, DigitApi api, StaticFiles files) {
        this.server = server;
        routes.put("/api/predict", new Route(Set.of("POST"),
                ex -> Response.json(200, api.predict(ex.getRequestHeaders().getFirst("Content-Type"), body(ex)))));
        routes.put("/api/model", new Route(Set.of("GET"), ex -> Response.json(200, api.model())));
        routes.put("/api/samples", new Route(Set.of("GET"),
                ex -> Response.json(200, api.samples(query(ex.getRequestURI())))));
        int n = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "nndl-web-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", ex -> handle(ex, files));
    }

    /**
     * Starts serving a network on {@code host:port} (port 0: any free port).
     *
     * @param info what the model file says about how the network was made (may be empty)
     * @param name the model's name for the page (its file name)
     * @param test MNIST's test digits for the strip of samples and the accuracy, or null for none
     */
    public static DigitServer start(Network network, Map<String, Object> info, String name, Dataset test,
                                    String host, int port) {
        DigitApi api = new DigitApi(network, info, name, test);
        StaticFiles files = new StaticFiles();
        InetSocketAddress address = new InetSocketAddress(host, port);
        UserException.require(!address.isUnresolved(), "unknown host '" + host + "': give an address such as 127.0.0.1");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new UserException(port == 0 || !String.valueOf(e.getMessage()).contains("in use")
                    ? "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): choose another --host or --port"
                    : "port " + port + " is in use: choose another with --port");
        } catch (IOException e) {
            throw new UserException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        DigitServer s = new DigitServer(server, api, files);
        server.start();
        return s;
    }

    /** The page's address, e.g. http://127.0.0.1:8080/. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once (requests in progress are cut off); closing again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private void handle(HttpExchange ex, StaticFiles files) {
        try (ex) {
            Response r;
            try {
                r = respond(ex, files);
            } catch (HttpError e) {
                r = Response.error(e.status, e.getMessage());
            } catch (UserException e) {
                r = Response.error(400, e.getMessage());
            } catch (IOException e) {
                return; // the client went away while sending: nobody to answer
            } catch (RuntimeException e) {
                System.err.println("nndl serve: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed:");
                e.printStackTrace();
                r = Response.error(500, "internal error: " + e);
            }
            send(ex, r);
        } catch (IOException e) {
            // The client went away before it had the answer.
        }
    }

    private Response respond(HttpExchange ex, StaticFiles files) throws IOException {
        // The raw path, exactly as sent: "/%2e%2e/x" is not "/../x", and neither is in the tables.
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        Route route = routes.get(path);
        if (route != null) {
            allow(ex, method, route.methods());
            return route.handler().handle(ex);
        }
        StaticFiles.File file = files.get(path);
        if (file != null) {
            allow(ex, method, Set.of("GET", "HEAD"));
            return new Response(200, file.type(), file.bytes());
        }
        throw new HttpError(404, "no such page: " + path);
    }

    private static void allow(HttpExchange ex, String method, Set<String> methods) {
        if (!methods.contains(method)) {
            String allowed = String.join(", ", new java.util.TreeSet<>(methods));
            ex.getResponseHeaders().set("Allow", allowed);
            throw new HttpError(405, method + " is not allowed here: use " + allowed);
        }
    }

    private static void send(HttpExchange ex, Response r) throws IOException {
        var headers = ex.getResponseHeaders();
        headers.set("Content-Type", r.type());
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", POLICY);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(r.status(), -1);
            return;
        }
        ex.sendResponseHeaders(r.status(), r.body().length);
        ex.getResponseBody().write(r.body());
    }

    /**
     * The request body, refused (413) past {@link #MAX_BODY} bytes, whether its length is announced
     * or not. Up to {@link #SWALLOW} bytes more of a refused body are read and dropped, so that the
     * client, still sending, can read the answer (a connection closed with data unread is reset).
     */
    private static byte[] body(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long announced = -1;
        if (length != null) {
            try {
                announced = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new UserException("Content-Length '" + length + "' is not a number");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            if (announced > MAX_BODY) {
                if (announced <= MAX_BODY + SWALLOW) {
                    swallow(in);
                }
                throw tooLarge();
            }
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                swallow(in);
                throw tooLarge();
            }
            return body;
        }
    }

    private static void swallow(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = SWALLOW;
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
            left -= n;
        }
    }

    private static HttpError tooLarge() {
        return new HttpError(413, "the request body is over " + MAX_BODY / (1024 * 1024)
                + " MB: send a smaller image (the digit is scaled to 20x20 pixels anyway)");
    }

    /** ?a=1&b=2 as a map (the last value of a name wins). */
    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : pair.substring(eq + 1);
                    try {
                        q.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw new UserException("the query '" + raw + "' is not well encoded: " + e.getMessage());
                    }
                }
            }
        }
        return q;
    }
}

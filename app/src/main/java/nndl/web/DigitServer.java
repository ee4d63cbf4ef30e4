package nndl.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.nn.Network;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The web server of {@code nndl serve}: the drawing page (files from the jar, {@link StaticFiles}),
 * its JSON API ({@link DigitApi}) and streams of events to the page ({@link EventChannel}), on
 * Jetty's core server (its Handler API, no servlets).
 *
 * <p>No client, slow or greedy, starves the others ({@link Limits}). Jetty reads and writes
 * without holding a thread while a client is slow; every part of a request has a deadline: its
 * head ({@link HeadDeadline}), its body ({@link Body}), the writing of its answer, and any
 * connection on which nothing moves (the idle timeout); connections are bounded, and cut sooner
 * while the bound is reached. Images are decoded on a small pool of their own with a bounded queue,
 * so that JSON requests and the page never wait behind an image.
 *
 * <p>Every request gets an answer and the server goes on: a bad image or bad JSON is 400 with
 * {@code {"error": "..."}} (the {@link UserException}'s line), an unknown path 404, a wrong method
 * 405, a body too slow 408, a body over {@link #MAX_BODY} bytes (an image) or {@link #MAX_JSON_BODY}
 * (anything else) 413, a body neither image nor JSON 415, a fault of ours 500, and too many images
 * or bodies at once 503. Requests Jetty itself refuses (a malformed request line, headers over 8 kB)
 * get the same {@code {"error"}} body ({@link JsonErrors}).
 */
public final class DigitServer implements AutoCloseable {
    /** The largest request body read: 5 MB (a drawing is a few kB; a phone photo a few MB). */
    public static final int MAX_BODY = 5 * 1024 * 1024;
    /** The largest body other than an image: 64 kB (784 grey levels take under 16 kB). */
    static final int MAX_JSON_BODY = 64 * 1024;
    /** How much of a body over the limit is read and dropped before refusing it: 10 MB. */
    static final int SWALLOW = 2 * MAX_BODY;
    /** Jetty's threads: they only parse, route and answer quick requests, and never wait on a client. */
    static final int THREADS = 16;
    static final ObjectMapper JSON = new ObjectMapper();
    /** Only the page's own files, scripts, styles and requests; nothing from elsewhere. */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'";

    /** What a route makes of a request: a value written as JSON with status 200, or an exception. */
    interface Api {
        Object answer(Call call);
    }

    /** A request as a route sees it, its body read whole (empty for GET). */
    record Call(String method, Map<String, String> query, String contentType, byte[] body) {
    }

    private record Route(Set<String> methods, Api api) {
    }

    private final Limits limits;
    private final Server server;
    private final ServerConnector connector;
    private final Scheduler scheduler;
    private final HeadDeadline heads;
    private final Body.Budget bodies;
    private final ThreadPoolExecutor images;
    private final StaticFiles files = new StaticFiles();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, EventChannel> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The lab served, if any: its run is stopped when the server closes. */
    private volatile Lab lab;

    private DigitServer(InetAddress host, int port, Limits limits) {
        this.limits = limits;
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("nndl-web");
        threads.setDaemon(true);
        ScheduledExecutorScheduler timers = new ScheduledExecutorScheduler("nndl-web-timer", true);
        this.scheduler = timers;
        this.server = new Server(threads, timers, null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setDelayDispatchUntilContent(false); // a request is handed over (and its body timed) as soon as its head is in
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host.getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(limits.idle().toMillis());
        heads = new HeadDeadline(limits.head(), timers);
        connector.addEventListener(heads);
        server.addConnector(connector);
        NetworkConnectionLimit bound = new NetworkConnectionLimit(limits.connections(), connector);
        bound.setEndPointIdleTimeout(limits.crowdedIdle().toMillis());
        server.addBean(bound);
        server.setErrorHandler(new JsonErrors());
        server.setHandler(new Dispatch());
        server.setStopTimeout(0);
        bodies = new Body.Budget(limits.bodyBytes());
        AtomicInteger count = new AtomicInteger();
        images = new ThreadPoolExecutor(limits.imageThreads(), limits.imageThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.imageQueue()), r -> {
                    Thread t = new Thread(r, "nndl-image-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Starts serving a network on {@code host:port} (port 0: any free port) with serve's {@link Limits#DEFAULT limits}.
     *
     * @param info what the model file says about how the network was made (may be empty)
     * @param name the model's name for the page (its file name)
     * @param test MNIST's test digits for the strip of samples and the accuracy, or null for none
     */
    public static DigitServer start(Network network, Map<String, Object> info, String name, Dataset test,
                                    String host, int port) {
        return start(network, info, name, test, host, port, Limits.DEFAULT);
    }

    /** The same with other limits. */
    public static DigitServer start(Network network, Map<String, Object> info, String name, Dataset test,
                                    String host, int port, Limits limits) {
        DigitServer s = create(host, port, limits, new DigitApi(DigitApi.fixed(network, info, name, test, null), test));
        s.listen(host, port);
        return s;
    }

    /** Starts serving the page with its lab: the network the lab has now reads the drawings ({@link Lab}). */
    public static DigitServer start(Lab lab, String host, int port, Limits limits) {
        DigitServer s = create(host, port, limits, new DigitApi(lab, lab.test()));
        lab.serveOn(s);
        s.lab = lab;
        s.listen(host, port);
        return s;
    }

    private static DigitServer create(String host, int port, Limits limits, DigitApi api) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        UserException.require(!address.isUnresolved(), "unknown host '" + host + "': give an address such as 127.0.0.1");
        DigitServer s = new DigitServer(address.getAddress(), port, limits);
        s.route("/api/predict", Set.of("POST"), call -> api.predict(call.contentType(), call.body()));
        s.route("/api/model", Set.of("GET"), call -> api.model());
        s.route("/api/samples", Set.of("GET"), call -> api.samples(call.query()));
        return s;
    }

    private void listen(String host, int port) {
        try {
            server.start();
            heads.start();
        } catch (Exception e) {
            close();
            BindException bind = cause(e, BindException.class);
            if (bind != null) {
                throw new UserException(port == 0 || !String.valueOf(bind.getMessage()).contains("in use")
                        ? "cannot listen on " + host + ":" + port + " (" + bind.getMessage() + "): choose another --host or --port"
                        : "port " + port + " is in use: choose another with --port");
            }
            throw new UserException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Answers {@code methods} at {@code path} with {@code api} (a POST's body is read first, within the limits). */
    void route(String path, Set<String> methods, Api api) {
        routes.put(path, new Route(Set.copyOf(methods), api));
    }

    /**
     * A stream of Server-Sent Events at {@code path} ({@code GET} opens it), for the page to follow
     * with {@code new EventSource(path)}; publish to it from anywhere. Asking again for the same path
     * gives the same channel.
     */
    public EventChannel events(String path) {
        return channels.computeIfAbsent(path, p -> new EventChannel(limits, scheduler));
    }

    /** The address and port the server listens on, as bound (0.0.0.0 for every interface). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The page's address on this machine, e.g. http://127.0.0.1:8080/ (the loopback address for a server on every interface). */
    public URI url() {
        return url(address());
    }

    /** The page's address when the server listens at {@code a}. */
    public static URI url(InetSocketAddress a) {
        InetAddress ip = a.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a.getAddress();
        String host = ip.getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Images waiting for an image thread now. */
    int imagesWaiting() {
        return images.getQueue().size();
    }

    /** Bytes of request bodies held now (read, or set aside for bodies being read). */
    long heldBodyBytes() {
        return bodies.used();
    }

    /** Stops at once (requests in progress are cut off); closing again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Lab l = lab;
            if (l != null) {
                l.close();
            }
            heads.stop();
            channels.values().forEach(EventChannel::close);
            boolean interrupted = Thread.interrupted(); // Jetty's stop waits, which an interrupt (Ctrl-C in serve) would cut short
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("the web server did not stop: " + e, e);
            } finally {
                images.shutdownNow();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Every request: its route, its static file, or its stream. */
    private final class Dispatch extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Connection connection = request.getConnectionMetaData().getConnection();
            heads.handling(connection);
            Exchange ex = new Exchange(request, response, Callback.from(() -> {
                heads.handled(connection);
                callback.succeeded();
            }, x -> {
                heads.handled(connection);
                callback.failed(x);
            }));
            try {
                dispatch(ex);
            } catch (HttpError e) {
                ex.error(e.status, e.getMessage());
            } catch (UserException e) {
                ex.error(400, e.getMessage());
            }
            return true;
        }

        private void dispatch(Exchange ex) {
            // The raw path, exactly as sent: "/%2e%2e/x" is not "/../x", and neither is in the tables.
            String path = ex.request.getHttpURI().getPath();
            String method = ex.request.getMethod();
            EventChannel channel = channels.get(path);
            if (channel != null) {
                ex.allow(method, Set.of("GET"));
                channel.open(ex.request, ex.response, ex.done);
                return;
            }
            Route route = routes.get(path);
            if (route == null) {
                StaticFiles.File file = files.get(path);
                if (file == null) {
                    throw new HttpError(404, "no such page: " + path);
                }
                ex.allow(method, Set.of("GET", "HEAD"));
                ex.send(200, file.type(), file.bytes(), false);
                return;
            }
            ex.allow(method, route.methods());
            String type = ex.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            Map<String, String> query = query(ex.request.getHttpURI().getQuery());
            if (!method.equals("POST")) {
                ex.answer(route, new Call(method, query, type, new byte[0]));
                return;
            }
            boolean image = type != null && type.trim().toLowerCase(Locale.ROOT).startsWith("image/");
            int limit = image ? MAX_BODY : MAX_JSON_BODY;
            String tooLarge = image
                    ? "the request body is over " + MAX_BODY / (1024 * 1024) + " MB: send a smaller image"
                            + " (the digit is scaled to 20x20 pixels anyway)"
                    : "the request body is over " + MAX_JSON_BODY / 1024 + " kB: send an image, or {\"pixels\":"
                            + " [784 grey levels 0-255]}";
            ex.body = new Body(ex.request, limit, tooLarge, bodies, limits.body(), scheduler, body -> {
                Call call = new Call(method, query, type, body);
                if (!image) {
                    ex.answer(route, call);
                    return;
                }
                try {
                    images.execute(() -> ex.answer(route, call));
                } catch (RejectedExecutionException e) {
                    ex.error(503, "the server is busy reading other images: try again in a moment");
                }
            }, e -> ex.refuse(e.status, e.getMessage()));
            ex.body.start();
        }
    }

    /** One request and its answer. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback done;
        /** The request's body while it is being read or used, or null. */
        volatile Body body;

        Exchange(Request request, Response response, Callback done) {
            this.request = request;
            this.response = response;
            this.done = done;
        }

        void allow(String method, Set<String> methods) {
            if (!methods.contains(method)) {
                String allowed = String.join(", ", new TreeSet<>(methods));
                response.getHeaders().put(HttpHeader.ALLOW, allowed);
                throw new HttpError(405, method + " is not allowed here: use " + allowed);
            }
        }

        /** The route's answer, or the error it ends in. */
        void answer(Route route, Call call) {
            Object value;
            try {
                value = route.api().answer(call);
            } catch (HttpError e) {
                error(e.status, e.getMessage());
                return;
            } catch (UserException e) {
                error(400, e.getMessage());
                return;
            } catch (RuntimeException | Error e) { // a fault of ours: say so, and keep serving
                System.err.println("nndl serve: " + request.getMethod() + " " + request.getHttpURI().getPathQuery() + " failed:");
                e.printStackTrace();
                error(500, "internal error: " + e);
                return;
            }
            try {
                send(200, "application/json", JSON.writeValueAsBytes(value), false);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        void error(int status, String message) {
            send(status, "application/json", errorJson(message), false);
        }

        /** Refuses the request before its body was read whole: the connection is closed after the answer. */
        void refuse(int status, String message) {
            send(status, "application/json", errorJson(message), true);
        }

        /** Writes the answer; a client that does not take it within the write limit is disconnected. */
        void send(int status, String type, byte[] bytes, boolean close) {
            response.setStatus(status);
            var h = response.getHeaders();
            h.put(HttpHeader.CONTENT_TYPE, type);
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            h.put("X-Content-Type-Options", "nosniff");
            h.put("Content-Security-Policy", POLICY);
            h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
            if (close) {
                h.put(HttpHeader.CONNECTION, "close");
            }
            ByteBuffer content = request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes);
            Scheduler.Task timer = scheduler.schedule(() -> request.getConnectionMetaData().getConnection().getEndPoint()
                    .close(new TimeoutException("the client took no answer for " + limits.write().toSeconds() + " s")),
                    limits.write().toNanos(), TimeUnit.NANOSECONDS);
            response.write(true, content, Callback.from(() -> {
                timer.cancel();
                releaseBody();
                done.succeeded();
            }, x -> {
                timer.cancel();
                releaseBody();
                done.failed(x);
            }));
        }

        private void releaseBody() {
            Body b = body;
            if (b != null) {
                b.release();
            }
        }
    }

    static byte[] errorJson(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", message);
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** a=1&b=2 as a map (the last value of a name wins). */
    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
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

package nndl.download;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 (a free port) whose answers a test chooses, counting the requests per path. */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Released on close, so that handlers that hang a transfer let go. */
    private final CountDownLatch closing = new CountDownLatch(1);

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.start();
    }

    /** The URL of a folder on this server. */
    URI url(String folder) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + folder);
    }

    /** Answers requests for {@code path} (e.g. "/a/file.gz") with the handler, counting them. */
    void on(String path, HttpHandler handler) {
        requests.putIfAbsent(path, new AtomicInteger());
        server.createContext(path, exchange -> {
            requests.get(path).incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** 200 with these bytes. */
    static HttpHandler serve(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    /** An HTTP error status with a small HTML page. */
    static HttpHandler status(int code) {
        return exchange -> {
            byte[] page = ("<html><body>error " + code + "</body></html>").getBytes();
            exchange.sendResponseHeaders(code, page.length);
            exchange.getResponseBody().write(page);
        };
    }

    /** Announces the whole length, sends only the first half, then drops the connection. */
    static HttpHandler cutOff(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            exchange.close(); // fewer bytes than announced: the server drops the connection
        };
    }

    /** Sends the headers and half the body, then nothing until the server closes. */
    HttpHandler stall(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body, 0, body.length / 2);
            exchange.getResponseBody().flush();
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("closing");
        };
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}

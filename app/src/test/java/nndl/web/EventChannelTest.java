package nndl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server-Sent Events from {@link EventChannel}, read as a browser's EventSource reads them: frames
 * of {@code id:}, {@code event:} and {@code data:} lines ending with a blank line.
 */
@Timeout(120)
class EventChannelTest {
    /** A server whose quiet streams get a comment every 200 ms, so that a page that left is soon noticed. */
    static DigitServer server;

    @BeforeAll
    static void start() {
        server = DigitServer.start(Served.network(), Served.INFO, "small.json", null, "127.0.0.1", 0,
                Limits.DEFAULT.withHeartbeat(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }
    /** One event as the page receives it. */
    record Event(long id, String name, JsonNode data) {
    }

    @Test
    void aPageGetsEveryEventInTheOrderPublished() throws Exception {
        EventChannel channel = server.events("/api/test/ordered");
        try (Stream<String> lines = open("/api/test/ordered")) {
            await(() -> channel.listeners() == 1);
            channel.publish("epoch", Map.of("epoch", 1, "accuracy", 0.9512));
            channel.publish("note", Map.of("text", "two\nlines, ünïcödé and \"quotes\""));
            channel.publish("curve", List.of(0.5, 0.25, 0.125));
            Iterator<String> it = lines.iterator();
            Event first = next(it);
            Event second = next(it);
            Event third = next(it);
            assertEquals(List.of(0L, 1L, 2L), List.of(first.id(), second.id(), third.id()));
            assertEquals("epoch", first.name());
            assertEquals(1, first.data().get("epoch").asInt());
            assertEquals(0.9512, first.data().get("accuracy").asDouble());
            assertEquals("note", second.name());
            assertEquals("two\nlines, ünïcödé and \"quotes\"", second.data().get("text").asText());
            assertEquals("[0.5,0.25,0.125]", third.data().toString());
        }
        await(() -> channel.listeners() == 0); // the page left: its stream is gone at the next heartbeat or event
        assertThrows(IllegalArgumentException.class, () -> channel.publish("two words", 1));
        assertThrows(IllegalArgumentException.class, () -> channel.publish("line\nbreak", 1));
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve("/api/test/ordered"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void aPageThatDoesNotReadIsDroppedWhileTheOthersGetEverything() throws Exception {
        EventChannel channel = server.events("/api/test/greedy");
        try (Socket stalled = new Socket(); Stream<String> lines = open("/api/test/greedy")) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
            stalled.getOutputStream().write("GET /api/test/greedy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            await(() -> channel.listeners() == 2);
            // 200 events of 64 kB, each read by the page that reads before the next is published: three times what
            // one page may have waiting (4 MB) beside what the sockets hold.
            String filler = "x".repeat(64 * 1024);
            Iterator<String> it = lines.iterator();
            for (int k = 0; k < 200; k++) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("k", k);
                data.put("filler", filler);
                channel.publish("chunk", data);
                Event e = next(it);
                assertEquals(k, e.id());
                assertEquals(k, e.data().get("k").asInt());
            }
            await(() -> channel.listeners() == 1);
            assertTrue(closedByServer(stalled), "the stalled page was disconnected");
        }
    }

    @Test
    void aQuietStreamGetsHeartbeatsAndAPageThatLeftIsForgotten() throws Exception {
        EventChannel channel = server.events("/api/test/quiet");
        Socket page = new Socket();
        page.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
        page.getOutputStream().write("GET /api/test/quiet HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        page.setSoTimeout(10_000);
        String got = readUntil(page.getInputStream(), s -> s.split(":\n\n", -1).length > 3);
        assertTrue(got.startsWith("HTTP/1.1 200 "), got);
        assertTrue(got.contains("Content-Type: text/event-stream"), got);
        assertTrue(got.contains("retry: 2000\n\n"), got);
        assertEquals(1, channel.listeners());
        page.close();
        await(() -> channel.listeners() == 0);
    }

    @Test
    void closingTheServerEndsEveryStream() throws Exception {
        DigitServer closing = DigitServer.start(Served.network(), Served.INFO, "small.json", null, "127.0.0.1", 0);
        EventChannel channel = closing.events("/events");
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(closing.url().resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        await(() -> channel.listeners() == 1);
        closing.close();
        try (InputStream in = r.body()) {
            in.readAllBytes(); // ends: the stream is over
        } catch (IOException e) {
            // or cut: over too
        }
        assertEquals(0, channel.listeners());
    }

    // ---- reading streams as EventSource does ----

    /** The stream's lines, read as they come. */
    private static Stream<String> open(String path) throws Exception {
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        return r.body();
    }

    /** The next event, skipping comments (heartbeats) and the retry frame. */
    private static Event next(Iterator<String> lines) throws IOException {
        while (true) {
            List<String> frame = new ArrayList<>();
            for (String line; !(line = lines.next()).isEmpty(); ) {
                frame.add(line);
            }
            Long id = null;
            String name = null;
            StringBuilder data = null;
            for (String line : frame) {
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = line.substring(0, colon);
                String value = line.substring(colon + 1).startsWith(" ") ? line.substring(colon + 2) : line.substring(colon + 1);
                switch (field) {
                    case "id" -> id = Long.parseLong(value);
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    case "retry" -> assertEquals("2000", value);
                    default -> fail("unknown field " + field);
                }
            }
            if (data != null) {
                return new Event(id, name, Served.JSON.readTree(data.toString()));
            }
        }
    }

    private static String readUntil(InputStream in, java.util.function.Predicate<String> enough) throws IOException {
        StringBuilder got = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!enough.test(got.toString())) {
            int n = in.read(buffer);
            if (n < 0) {
                fail("the stream ended: " + got);
            }
            got.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return got.toString();
    }

    /** Whether the server closed the connection, once what it had sent is read (within 30 s). */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        byte[] buffer = new byte[65536];
        try {
            while (s.getInputStream().read(buffer) >= 0) {
                // what was sent before the server gave up on it
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private static void await(BooleanSupplier condition) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("not within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException(e));
            }
        }
    }
}

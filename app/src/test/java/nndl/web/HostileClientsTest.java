package nndl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nndl.data.Dataset;
import nndl.image.DigitPreprocessor;
import nndl.nn.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that are slow on purpose, or greedy, against serve: while they hold their connections
 * a normal client still gets every answer within a second (its requests time out otherwise); and
 * each of serve's deadlines and bounds, set short on a second server, cuts the client it is for.
 * Everything on 127.0.0.1; every wait is bounded.
 */
@Timeout(120)
class HostileClientsTest {
    /** serve's own limits: the hostile clients are not cut during a test, so the others must be served beside them. */
    static DigitServer normal;
    /** Short deadlines (1 s for a head, a body, an answer; 30 s idle), to see each one cut its client. */
    static DigitServer strict;
    static final Limits STRICT = Limits.DEFAULT.withTimes(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Network network = Served.network();
    final Dataset test = Served.test();

    @BeforeAll
    static void start() {
        normal = DigitServer.start(Served.network(), Served.INFO, "small.json", Served.test(), "127.0.0.1", 0);
        strict = DigitServer.start(Served.network(), Served.INFO, "small.json", Served.test(), "127.0.0.1", 0, STRICT);
    }

    @AfterAll
    static void stop() {
        normal.close();
        strict.close();
    }

    @Test
    void fourClientsStalledAfterOneByteAndFourStalledInTheirBodiesLeaveTheOthersServed() throws IOException {
        answering(normal);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int k = 0; k < 4; k++) {
                stalled.add(connect(normal, "P"));
                stalled.add(connect(normal, "POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                        + "Content-Length: 1000\r\n\r\nx"));
            }
            for (int round = 0; round < 5; round++) {
                served(normal);
            }
            for (Socket s : stalled) {
                assertTrue(s.isConnected() && !s.isClosed());
            }
        } finally {
            closeAll(stalled);
        }
        await(() -> normal.heldBodyBytes() == 0); // the stalled bodies' bytes are given back when their clients leave
    }

    @Test
    void twoHundredSlowlorisConnectionsLeaveTheOthersServed() throws Exception {
        answering(normal);
        List<Socket> slow = new ArrayList<>();
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickle = new Thread(() -> {
            byte[] header = "X-Slow: yes\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int b = 0; trickling.get(); b = (b + 1) % header.length) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(header[b]);
                    } catch (IOException e) {
                        // cut by the server: that is allowed
                    }
                }
                sleep(100);
            }
        }, "slowloris");
        try {
            for (int k = 0; k < 200; k++) {
                slow.add(connect(normal, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
            }
            trickle.start();
            for (int round = 0; round < 5; round++) {
                served(normal);
            }
        } finally {
            trickling.set(false);
            trickle.join(10_000);
            closeAll(slow);
        }
    }

    @Test
    void fourClientsThatNeverReadTheirAnswersLeaveTheOthersServed() throws IOException {
        answering(normal);
        List<Socket> greedy = new ArrayList<>();
        try {
            for (int k = 0; k < 4; k++) {
                greedy.add(neverReading(normal));
            }
            for (int round = 0; round < 5; round++) {
                served(normal);
            }
        } finally {
            closeAll(greedy);
        }
    }

    @Test
    void aHeadStillArrivingAfterTheHeadDeadlineIsCut() throws Exception {
        try (Socket oneByte = connect(strict, "P"); Socket slowloris = connect(strict, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")) {
            AtomicBoolean trickling = new AtomicBoolean(true);
            Thread trickle = new Thread(() -> {
                try {
                    while (trickling.get()) {
                        slowloris.getOutputStream().write('x');
                        sleep(100);
                    }
                } catch (IOException e) {
                    // cut: what the test waits for
                }
            });
            trickle.start();
            try {
                // Far sooner than the idle timeout (30 s), which a byte every 100 ms would never reach anyway.
                assertEquals("", untilClosed(oneByte, 10_000), "no answer to a head that never came, only the end");
                assertEquals("", untilClosed(slowloris, 10_000));
            } finally {
                trickling.set(false);
                trickle.join(5_000);
            }
            answering(strict);
        }
    }

    @Test
    void aBodyStillArrivingAfterTheBodyDeadlineIs408() throws Exception {
        try (Socket s = connect(strict, "POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                + "Content-Length: 1000\r\n\r\n")) {
            AtomicBoolean trickling = new AtomicBoolean(true);
            Thread trickle = new Thread(() -> {
                try {
                    while (trickling.get()) {
                        s.getOutputStream().write(0);
                        sleep(100);
                    }
                } catch (IOException e) {
                    // cut
                }
            });
            trickle.start();
            try {
                String answer = untilClosed(s, 10_000);
                assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
                assertEquals("the request body did not arrive within 1 s: send it again, all at once", error(answer));
            } finally {
                trickling.set(false);
                trickle.join(5_000);
            }
            await(() -> strict.heldBodyBytes() == 0);
            answering(strict);
        }
    }

    @Test
    void aClientThatDoesNotTakeItsAnswersIsCutAfterTheWriteDeadline() throws Exception {
        try (Socket s = neverReading(strict)) {
            Thread.sleep(4_000); // four times the write deadline; the idle timeout is 30 s
            String taken = untilClosed(s, 10_000);
            int answers = count(taken, "HTTP/1.1 200 ");
            assertTrue(answers < PIPELINED, answers + " answers of " + PIPELINED + " before the server cut the connection");
            answering(strict);
        }
    }

    @Test
    void bodiesFarOverTheLimitAreRefusedWithoutWaitingForThem() throws Exception {
        // A gigabyte announced: refused at once, without reading it.
        try (Socket s = connect(normal, "POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                + "Content-Length: 1000000000\r\n\r\n")) {
            String answer = untilClosed(s, 10_000);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(error(answer).startsWith("the request body is over 5 MB"), answer);
        }
        // An endless chunked body: refused once the limit and what is dropped after it (10 MB) have come.
        try (Socket s = connect(normal, "POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n")) {
            AtomicBoolean sending = new AtomicBoolean(true);
            long[] sent = {0};
            Thread sender = new Thread(() -> {
                byte[] chunk = ("10000\r\n" + "0".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sending.get() && sent[0] < 100L << 20) {
                        s.getOutputStream().write(chunk);
                        sent[0] += 0x10000;
                    }
                } catch (IOException e) {
                    // the server closed the connection after its answer
                }
            });
            sender.start();
            try {
                String answer = untilClosed(s, 30_000);
                assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
                assertTrue(answer.contains("Connection: close"), answer);
            } finally {
                sending.set(false);
                sender.join(10_000);
            }
            assertTrue(sent[0] < 100L << 20, "the server stopped reading: " + sent[0] + " bytes sent");
        }
        // JSON (anything but an image) is limited to 64 kB.
        Served.Answer json = send(normal, HttpRequest.newBuilder(normal.url().resolve("/api/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pixels\": [" + "0, ".repeat(30_000) + "0]}")));
        assertEquals(413, json.status());
        assertEquals("the request body is over 64 kB: send an image, or {\"pixels\": [784 grey levels 0-255]}", json.error());
        served(normal);
    }

    @Test
    void bodiesBeyondWhatTheServerHoldsAtOnceAre503() throws Exception {
        Limits tight = new Limits(256, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 1, 4, DigitServer.MAX_BODY, Duration.ofSeconds(10));
        try (DigitServer server = DigitServer.start(network, Served.INFO, "small.json", test, "127.0.0.1", 0, tight);
             Socket holder = connect(server, "POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                     + "Content-Length: 3000000\r\n\r\nx")) {
            // The holder's 3 MB are set aside as soon as its head is in: another 3 MB no longer fit in 5 MB.
            await(() -> server.heldBodyBytes() == 3_000_000);
            Served.Answer refused = send(server, HttpRequest.newBuilder(server.url().resolve("/api/predict"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3_000_000])));
            assertEquals(503, refused.status(), refused.body());
            assertEquals("the server is receiving too many large bodies at once: try again in a moment", refused.error());
            assertEquals(3_000_000, server.heldBodyBytes(), "the refused body was dropped, not kept");
            holder.close();
            await(() -> server.heldBodyBytes() == 0);
            Served.Answer fits = send(server, HttpRequest.newBuilder(server.url().resolve("/api/predict"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3_000_000])));
            assertEquals(400, fits.status(), "read whole, and refused as an image: " + fits.body());
            answering(server); // small bodies still fit
        }
    }

    @Test
    void connectionsBeyondTheBoundWaitUntilIdleOnesAreCut() throws Exception {
        Limits few = Limits.DEFAULT.withConnections(20, Duration.ofSeconds(1));
        try (DigitServer server = DigitServer.start(network, Served.INFO, "small.json", test, "127.0.0.1", 0, few)) {
            answering(server);
            List<Socket> idle = new ArrayList<>();
            try {
                for (int k = 0; k < 60; k++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
                    idle.add(s);
                }
                // Behind 60 idle connections, three times the bound: answered once the crowded idle timeout has cut enough of them.
                // A client of its own: a connection kept alive from before would not wait behind the others.
                HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> r = fresh.send(HttpRequest.newBuilder(server.url().resolve("/api/model"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                int cut = 0;
                for (Socket s : idle) {
                    cut += untilClosedOrQuiet(s, 100) ? 1 : 0;
                }
                assertTrue(cut >= 20, cut + " of the 60 idle connections were cut");
            } finally {
                closeAll(idle);
            }
            answering(server);
        }
    }

    @Test
    void imagesWaitForTheirOwnThreadsWhileJsonAndThePageFlow() throws Exception {
        Limits one = new Limits(256, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 1, 1, 64L << 20, Duration.ofSeconds(10));
        try (DigitServer server = DigitServer.start(network, Served.INFO, "small.json", test, "127.0.0.1", 0, one)) {
            answering(server);
            // An image that takes as long as the test says: it holds the one image thread until released.
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch decoding = new CountDownLatch(1);
            server.route("/api/test/slow-image", Set.of("POST"), call -> {
                decoding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of("thread", Thread.currentThread().getName(), "bytes", call.body().length);
            });
            HttpRequest slow = HttpRequest.newBuilder(server.url().resolve("/api/test/slow-image"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build();
            var first = CLIENT.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
            assertTrue(decoding.await(20, TimeUnit.SECONDS), "the first image reached its thread");
            var second = CLIENT.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
            await(() -> server.imagesWaiting() == 1); // the queue's one place is taken
            Served.Answer third = send(server, HttpRequest.newBuilder(slow.uri()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])));
            assertEquals(503, third.status(), third.body());
            assertEquals("the server is busy reading other images: try again in a moment", third.error());
            for (int round = 0; round < 3; round++) {
                served(server, false); // JSON requests and the page, while the image thread is taken
            }
            release.countDown();
            for (var answer : List.of(first, second)) {
                HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                JsonNode json = Served.JSON.readTree(r.body());
                assertTrue(json.get("thread").asText().startsWith("nndl-image-"), r.body());
                assertEquals(1000, json.get("bytes").asInt());
            }
            answering(server);
        }
    }

    // ---- the normal client ----

    /** A page's requests, each answered right within a second, or the test fails. */
    private void served(DigitServer server) {
        served(server, true, Duration.ofSeconds(1));
    }

    /** The same, without the drawing (an image) when {@code drawing} is false. */
    private void served(DigitServer server, boolean drawing) {
        served(server, drawing, Duration.ofSeconds(1));
    }

    /**
     * The same answers, not timed: a fresh server's first ones wait for classes to load and code to
     * compile, and after a test has cut its hostile client the point is only that the server goes on.
     */
    private void answering(DigitServer server) {
        served(server, true, Duration.ofSeconds(30));
    }

    private void served(DigitServer server, boolean drawing, Duration second) {
        URI base = server.url();
        Served.Answer model = send(server, HttpRequest.newBuilder(base.resolve("/api/model")).timeout(second));
        assertEquals(200, model.status(), model.body());
        assertEquals("[784,20,10]", model.json().get("sizes").toString());
        Served.Answer page = send(server, HttpRequest.newBuilder(base.resolve("/")).timeout(second));
        assertTrue(page.body().contains("<canvas id=\"canvas\""));
        if (drawing) {
            byte[] png = Served.drawing(test, 3, 5);
            Served.Answer read = send(server, HttpRequest.newBuilder(base.resolve("/api/predict")).timeout(second)
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)));
            assertEquals(200, read.status(), read.body());
            assertEquals(network.predict(DigitPreprocessor.prepare(png, "x")), read.json().get("digit").asInt());
        }
        StringBuilder pixels = new StringBuilder("{\"pixels\": [");
        for (int p = 0; p < 784; p++) {
            pixels.append(p > 0 ? "," : "").append(test.pixel(4, p));
        }
        Served.Answer grey = send(server, HttpRequest.newBuilder(base.resolve("/api/predict")).timeout(second)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(pixels + "]}")));
        assertEquals(200, grey.status(), grey.body());
        JsonNode probabilities = grey.json().get("probabilities");
        assertEquals(10, probabilities.size());
    }

    private static Served.Answer send(DigitServer server, HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Served.Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError("no answer from " + server.url() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- the hostile ones ----

    /** Requests sent at once by a client that never reads: far more answer than the socket buffers hold. */
    static final int PIPELINED = 100;

    /** A connection that has sent {@code bytes} (perhaps a partial request) and goes quiet. */
    private static Socket connect(DigitServer server, String bytes) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
        s.setTcpNoDelay(true);
        s.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** A client that asks for 100 lots of 100 test digits (about 30 MB of answers) and reads none of them. */
    private static Socket neverReading(DigitServer server) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
        OutputStream out = s.getOutputStream();
        out.write("GET /api/samples?count=100 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(PIPELINED).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /**
     * Everything the server sends until it closes the connection (or resets it), within {@code millis}:
     * a connection still open then fails the test.
     */
    private static String untilClosed(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[65536];
        long until = System.nanoTime() + millis * 1_000_000L;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
                if (System.nanoTime() > until) {
                    fail("the server was still sending after " + millis + " ms: " + got.size() + " bytes");
                }
            }
        } catch (SocketTimeoutException e) {
            fail("the server kept the connection open for " + millis + " ms; it sent " + got.size() + " bytes");
        } catch (SocketException e) {
            // reset: closed with data unread
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server has closed the connection (read gives the end, or a reset) rather than staying quiet for {@code millis}. */
    private static boolean untilClosedOrQuiet(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private static String error(String rawAnswer) {
        String body = rawAnswer.substring(rawAnswer.indexOf("\r\n\r\n") + 4);
        try {
            return Served.JSON.readTree(body).get("error").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("not within 20 s");
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package nndl.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import nndl.data.Dataset;
import nndl.image.Scans;
import nndl.nn.Network;
import nndl.testing.TestMnist;

/**
 * A server for the tests: the small network the other tests share ({@link TestMnist}, [784, 20,
 * 10], about 85-90% right, so with mistakes to show) on MNIST's test digits, on a free port of
 * the loopback address; and ways to talk to it.
 */
final class Served {
    static final ObjectMapper JSON = new ObjectMapper();
    /** What train would have saved about the network. */
    static final Map<String, Object> INFO = Map.of("evaluation", "validation", "evaluation_correct", 8765,
            "evaluation_total", 10000, "eta", 3.0);

    private static DigitServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Served() {
    }

    static synchronized DigitServer server() {
        if (server == null) {
            server = DigitServer.start(network(), INFO, "small.json", test(), "127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    static Network network() {
        return TestMnist.network();
    }

    static Dataset test() {
        return TestMnist.mnist().test();
    }

    static URI url(String path) {
        return server().url().resolve(path);
    }

    record Answer(int status, String type, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String error() {
            return json().get("error").asText();
        }
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer get(String path) {
        return send(HttpRequest.newBuilder(url(path)).GET().build());
    }

    static Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /**
     * Sends a request line exactly as written (HttpClient and URI would tidy "/../x") and returns
     * the raw answer, status line first.
     */
    static String raw(String method, String target) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Test digit i as a person's drawing would be: dark ink on white paper, {@code scale} times larger, as PNG. */
    static byte[] drawing(Dataset data, int i, int scale) {
        int side = 28 * scale;
        BufferedImage page = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                page.getRaster().setSample(x, y, 0, 255 - data.pixel(i, (y / scale) * 28 + x / scale));
            }
        }
        return Scans.encode(page, "png");
    }
}

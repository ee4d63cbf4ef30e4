package nndl.web;

import static nndl.web.Served.get;
import static nndl.web.Served.post;
import static nndl.web.Served.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nndl.UserException;
import nndl.cli.CommandLineRun;
import nndl.data.Dataset;
import nndl.image.DigitPreprocessor;
import nndl.image.Prediction;
import nndl.image.Scans;
import nndl.math.Kernels;
import nndl.nn.Evaluation;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's JSON API and static files, over loopback, against a small trained network. */
class DigitServerTest {
    final Network network = Served.network();
    final Dataset test = Served.test();

    /** After every test, bad inputs included, the server still reads a digit. */
    @AfterEach
    void stillServing() {
        Served.Answer a = post("/api/predict", "image/png", Served.drawing(test, 0, 4));
        assertEquals(200, a.status(), a.body());
        assertEquals(network.predict(DigitPreprocessor.prepare(Served.drawing(test, 0, 4), "x")), a.json().get("digit").asInt());
    }

    @Test
    void aDrawingAsPngIsReadExactlyAsPredictReadsItAndLikeTheMnistDigit() {
        int agree = 0;
        int n = 30;
        for (int i = 0; i < n; i++) {
            byte[] png = Served.drawing(test, i, 10);
            Served.Answer a = post("/api/predict", "image/png", png);
            assertEquals(200, a.status(), a.body());
            assertEquals("application/json", a.type());
            JsonNode json = a.json();
            // The same path as nndl predict: DigitPreprocessor on the encoded bytes, then the network.
            float[] prepared = DigitPreprocessor.prepare(png, "drawing " + i);
            Prediction expected = Prediction.of(network, prepared);
            assertEquals(network.predict(prepared), json.get("digit").asInt(), "drawing " + i);
            assertEquals(expected.digit(), json.get("digit").asInt());
            assertProbabilities(expected.probabilities(), json.get("probabilities"));
            JsonNode levels = json.get("prepared");
            assertEquals(784, levels.size());
            for (int p = 0; p < 784; p++) {
                assertEquals(Math.round(prepared[p] * 255), levels.get(p).asInt(), "prepared pixel " + p);
            }
            // Independently: the drawing is prepared back into (nearly) the MNIST digit it was made from.
            agree += json.get("digit").asInt() == network.predict(test.image(i)) ? 1 : 0;
        }
        assertTrue(agree >= n - 4, agree + " of " + n + " drawings read as their MNIST digit is");
    }

    @Test
    void otherImageFormatsAndContentTypeParametersAreAccepted() {
        BufferedImage rgb = new BufferedImage(140, 140, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 140, 140);
        g.setColor(Color.BLUE);
        g.fillRect(60, 20, 14, 100); // a "1"
        g.dispose();
        for (String format : List.of("jpeg", "gif", "bmp")) {
            byte[] bytes = Scans.encode(rgb, format);
            Served.Answer a = post("/api/predict", "image/" + format + "; charset=binary", bytes);
            assertEquals(200, a.status(), format + ": " + a.body());
            assertEquals(Prediction.of(network, DigitPreprocessor.prepare(bytes, format)).digit(), a.json().get("digit").asInt());
        }
    }

    @Test
    void greyLevelsAsJsonArePreparedLikeAnInkMap() throws IOException {
        for (int i = 0; i < 10; i++) {
            byte[] digit = test.imagePixels(i);
            float[] ink = new float[784];
            StringBuilder body = new StringBuilder("{\"pixels\": [");
            for (int p = 0; p < 784; p++) {
                ink[p] = (digit[p] & 0xff) / 255f;
                body.append(p > 0 ? "," : "").append(digit[p] & 0xff);
            }
            body.append("]}");
            Served.Answer a = post("/api/predict", "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
            assertEquals(200, a.status(), a.body());
            Prediction expected = Prediction.of(network, DigitPreprocessor.prepare(ink, 28, 28));
            assertEquals(expected.digit(), a.json().get("digit").asInt());
            assertProbabilities(expected.probabilities(), a.json().get("probabilities"));
        }
        // Fractions of a grey level are fine.
        double[] levels = new double[784];
        float[] halfInk = new float[784];
        for (int p = 0; p < 784; p++) {
            levels[p] = (test.pixel(1, p)) * 0.5;
            halfInk[p] = (float) (levels[p] / 255);
        }
        Served.Answer half = post("/api/predict", "application/json",
                Served.JSON.writeValueAsBytes(Map.of("pixels", levels)));
        assertEquals(200, half.status(), half.body());
        Prediction expectedHalf = Prediction.of(network, DigitPreprocessor.prepare(halfInk, 28, 28));
        assertEquals(expectedHalf.digit(), half.json().get("digit").asInt());
        assertProbabilities(expectedHalf.probabilities(), half.json().get("probabilities"));
    }

    @Test
    void badGreyLevelsAre400WithOneLine() throws IOException {
        int[] short783 = new int[783];
        int[] tooBright = new int[784];
        tooBright[400] = 256;
        int[] negative = new int[784];
        negative[3] = -1;
        Object[] strings = new Object[784];
        Arrays.fill(strings, 0);
        strings[5] = "black";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"pixels\": [1, 2,", "the body is not valid JSON");
        cases.put("", "the body is empty: send {\"pixels\": [784 grey levels 0-255]}");
        cases.put("{\"levels\": []}", "the JSON has no \"pixels\" array");
        cases.put("[1, 2, 3]", "the JSON has no \"pixels\" array");
        cases.put(json(short783), "\"pixels\" has 783 numbers: send 784 (28x28, row by row)");
        cases.put(json(tooBright), "pixel 400 is 256: grey levels are numbers from 0 (paper) to 255 (ink)");
        cases.put(json(negative), "pixel 3 is -1: grey levels are numbers from 0 (paper) to 255 (ink)");
        cases.put(json(strings), "pixel 5 is \"black\": grey levels are numbers from 0 (paper) to 255 (ink)");
        cases.put(json(new int[784]), "no digit found: the image is blank");
        for (var c : cases.entrySet()) {
            Served.Answer a = post("/api/predict", "application/json", c.getKey().getBytes(StandardCharsets.UTF_8));
            assertEquals(400, a.status(), c.getKey());
            assertTrue(a.error().startsWith(c.getValue()), a.error());
            assertFalse(a.error().contains("\n"));
        }
    }

    @Test
    void badImagesAre400WithTheMessagePredictGives() {
        byte[] png = Served.drawing(test, 3, 5);
        BufferedImage white = new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("not an image", "hello, I am not a picture".getBytes(StandardCharsets.UTF_8));
        cases.put("empty", new byte[0]);
        cases.put("truncated", Arrays.copyOf(png, png.length / 2));
        cases.put("huge", Scans.pngWithSize(png, 50_000, 50_000));
        cases.put("all white", Scans.encode(white, "png"));
        for (var c : cases.entrySet()) {
            Served.Answer a = post("/api/predict", "image/png", c.getValue());
            assertEquals(400, a.status(), c.getKey() + ": " + a.body());
            // The UserException's own line, as nndl predict prints it.
            UserException expected = assertThrows(UserException.class, () -> DigitPreprocessor.prepare(c.getValue(), "the image sent"));
            assertEquals(expected.getMessage(), a.error(), c.getKey());
        }
        assertTrue(post("/api/predict", "image/png", Scans.pngWithSize(png, 50_000, 50_000)).error()
                .contains("50000x50000 PNG image"));
    }

    @Test
    void bodiesOverFiveMegabytesAre413WhetherTheirLengthIsAnnouncedOrNot() {
        byte[] big = new byte[DigitServer.MAX_BODY + 1];
        Served.Answer announced = post("/api/predict", "image/png", big);
        assertEquals(413, announced.status());
        assertTrue(announced.error().startsWith("the request body is over 5 MB"), announced.error());
        // Chunked: no Content-Length, so the server counts as it reads.
        Served.Answer chunked = Served.send(HttpRequest.newBuilder(Served.url("/api/predict")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertEquals(413, chunked.status());
        // Exactly the limit is read (and refused as an image, not as a size).
        Served.Answer atLimit = post("/api/predict", "image/png", new byte[DigitServer.MAX_BODY]);
        assertEquals(400, atLimit.status());
    }

    @Test
    void neitherImageNorJsonIs415() {
        Served.Answer a = post("/api/predict", "text/plain", "7".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, a.status());
        assertTrue(a.error().startsWith("send an image (Content-Type: image/png"), a.error());
        assertTrue(a.error().endsWith(", not text/plain"), a.error());
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        Served.Answer getPredict = get("/api/predict");
        assertEquals(405, getPredict.status());
        assertEquals("GET is not allowed here: use POST", getPredict.error());
        assertEquals("POST", getPredict.response().headers().firstValue("Allow").orElse(""));
        Served.Answer postModel = post("/api/model", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(405, postModel.status());
        Served.Answer postPage = post("/", "image/png", Served.drawing(test, 0, 2));
        assertEquals(405, postPage.status());
        assertEquals("GET, HEAD", postPage.response().headers().firstValue("Allow").orElse(""));
        assertTrue(raw("DELETE", "/api/samples").startsWith("HTTP/1.1 405 "));
    }

    @Test
    void thePageAndItsFilesComeFromTheJar() {
        Served.Answer page = get("/");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.type());
        assertTrue(page.body().contains("<canvas id=\"canvas\""), page.body());
        assertTrue(page.response().headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"));
        assertEquals(page.body(), get("/index.html").body());
        Served.Answer js = get("/app.js");
        assertEquals("text/javascript; charset=utf-8", js.type());
        assertTrue(js.body().contains("/api/predict"));
        assertEquals("text/css; charset=utf-8", get("/style.css").type());
        assertEquals("image/svg+xml", get("/favicon.svg").type());
        // Nothing is fetched from elsewhere: every src and href of the page is a path of this server.
        var refs = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page.body());
        int n = 0;
        while (refs.find()) {
            assertTrue(refs.group(1).startsWith("/") && !refs.group(1).startsWith("//"), refs.group(1));
            assertEquals(200, get(refs.group(1)).status(), refs.group(1));
            n++;
        }
        assertEquals(6, n, "the icon, the style and four scripts (chart, app, lab, neuron)");
        String head = raw("HEAD", "/");
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        assertFalse(head.contains("<html"), head);
    }

    @Test
    void pathsOutsideTheStaticFilesAreNeverServed() {
        List<String> attempts = List.of("/../pom.xml", "/%2e%2e/pom.xml", "/%2E%2E/%2e%2e/pom.xml", "/web/../../pom.xml",
                "/web/index.html", "/..%2fpom.xml", "/%2e%2e%2fapp%2fpom.xml", "/app.js/../../pom.xml", "//etc/passwd",
                "/./index.html", "/index.html%00", "/index.html/", "/nndl/web/DigitServer.class", "/META-INF/MANIFEST.MF",
                "/../../../../../../etc/passwd", "/web/app.js", "/api", "/api/", "/api/model/", "/API/MODEL", "/nope");
        for (String target : attempts) {
            String answer = raw("GET", target);
            assertTrue(answer.startsWith("HTTP/1.1 404 ") || answer.startsWith("HTTP/1.1 400 "), target + ": " + answer);
            assertFalse(answer.contains("<project") || answer.contains("root:") || answer.contains("Manifest-Version")
                    || answer.contains("<html"), target + ": " + answer);
        }
        assertTrue(raw("GET", "/nope").contains("{\"error\":\"no such page: /nope\"}"));
        // An absolute-form request target names the same paths (Jetty refuses a path above the root as a bad request).
        String absolute = raw("GET", "http://127.0.0.1/../pom.xml");
        assertTrue(absolute.startsWith("HTTP/1.1 400 ") && absolute.contains("{\"error\":\"the request was refused: "), absolute);
    }

    @Test
    void modelDescribesTheNetworkAndItsAccuracy() {
        Served.Answer a = get("/api/model");
        assertEquals(200, a.status());
        JsonNode m = a.json();
        assertEquals("small.json", m.get("file").asText());
        assertEquals("[784,20,10]", m.get("sizes").toString());
        assertEquals("sigmoid", m.get("activation").asText());
        assertEquals("sigmoid", m.get("output").asText());
        assertEquals("quadratic", m.get("cost").asText());
        assertEquals(784 * 20 + 20 + 20 * 10 + 10, m.get("parameters").asInt());
        JsonNode saved = m.get("saved_evaluation");
        assertEquals("validation", saved.get("data").asText());
        assertEquals(8765, saved.get("correct").asInt());
        assertEquals(0.8765, saved.get("accuracy").asDouble(), 1e-12);
        // The test accuracy, against counting Network.predict's right answers one by one.
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            right += network.predict(test.image(i)) == test.label(i) ? 1 : 0;
        }
        assertEquals(right, m.get("test").get("correct").asInt());
        assertEquals(10_000, m.get("test").get("total").asInt());
        assertEquals(3.0, m.get("info").get("eta").asDouble());
    }

    @Test
    void samplesAreTestDigitsWithTheirLabelsAndTheNetworksGuesses() {
        Served.Answer a = get("/api/samples?count=25");
        assertEquals(200, a.status(), a.body());
        JsonNode samples = a.json().get("samples");
        assertEquals(25, samples.size());
        Set<Integer> seen = new HashSet<>();
        for (JsonNode s : samples) {
            int i = s.get("index").asInt();
            assertTrue(seen.add(i), "distinct");
            assertEquals(test.label(i), s.get("label").asInt());
            assertEquals(network.predict(test.image(i)), s.get("guess").asInt());
            JsonNode pixels = s.get("pixels");
            assertEquals(784, pixels.size());
            for (int p = 0; p < 784; p++) {
                assertEquals(test.pixel(i, p), pixels.get(p).asInt());
            }
        }
        assertEquals(20, get("/api/samples").json().get("samples").size());
        assertEquals(get("/api/samples?count=5&seed=3").body(), get("/api/samples?seed=3&count=5").body());
        assertTrue(raw("GET", "/api/samples?count=%zz").startsWith("HTTP/1.1 400 "));
        for (String bad : List.of("count=0", "count=101", "count=x", "seed=1.5", "count=%25zz")) {
            Served.Answer b = get("/api/samples?" + bad);
            assertEquals(400, b.status(), bad);
            assertFalse(b.error().isBlank());
        }
    }

    @Test
    void withoutTestDigitsThePageStillReadsDrawings() {
        try (DigitServer bare = DigitServer.start(network, Map.of(), "bare.json", null, "127.0.0.1", 0)) {
            Served.Answer samples = Served.send(HttpRequest.newBuilder(bare.url().resolve("/api/samples")).build());
            assertEquals(404, samples.status());
            assertTrue(samples.error().contains("--data"), samples.error());
            JsonNode m = Served.send(HttpRequest.newBuilder(bare.url().resolve("/api/model")).build()).json();
            assertNull(m.get("test"));
            assertNull(m.get("saved_evaluation"));
            Served.Answer p = Served.send(HttpRequest.newBuilder(bare.url().resolve("/api/predict"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(Served.drawing(test, 5, 3))).build());
            assertEquals(200, p.status());
        }
    }

    @Test
    void eightClientsAtOnceAllGetTheirAnswers() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int k = 0; k < 80; k++) {
                int i = k % 10;
                Callable<Integer> call = () -> {
                    Served.Answer a = post("/api/predict", "image/png", Served.drawing(test, i, 6));
                    assertEquals(200, a.status(), a.body());
                    return a.json().get("digit").asInt();
                };
                answers.add(clients.submit(call));
            }
            for (int k = 0; k < answers.size(); k++) {
                assertEquals(network.predict(DigitPreprocessor.prepare(Served.drawing(test, k % 10, 6), "x")), answers.get(k).get());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aPortInUseIsOneClearLine(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            UserException e = assertThrows(UserException.class,
                    () -> DigitServer.start(network, Map.of(), "x", null, "127.0.0.1", port));
            assertEquals("port " + port + " is in use: choose another with --port", e.getMessage());
            CommandLineRun run = CommandLineRun.of("serve", "--model", TestMnist.savedNetwork(dir).toString(),
                    "--data", CommandLineRun.DATA, "--port", String.valueOf(port));
            assertEquals(2, run.status());
            assertEquals("nndl: port " + port + " is in use: choose another with --port", run.err().trim());
        }
        CommandLineRun missing = CommandLineRun.of("serve", "--model", dir.resolve("none.json").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("nndl: model file "), missing.err());
    }

    private static void assertProbabilities(float[] expected, JsonNode actual) {
        assertEquals(10, actual.size());
        for (int d = 0; d < 10; d++) {
            assertEquals(expected[d], actual.get(d).floatValue(), 0f, "probability of " + d);
        }
    }

    private static String json(Object pixels) {
        try {
            return Served.JSON.writeValueAsString(Map.of("pixels", pixels));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

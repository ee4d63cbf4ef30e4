package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import nndl.data.Dataset;
import nndl.image.DigitPreprocessor;
import nndl.image.ImageFiles;
import nndl.image.Prediction;
import nndl.model.ModelFile;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import onnx.Onnx.ModelProto;
import onnx.Onnx.StringStringEntryProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nndl export and import as a person runs them, and evaluate, predict and serve given the .onnx file. */
class OnnxCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path json;
    static Path onnx;

    @BeforeAll
    static void trainAndExport() {
        json = dir.resolve("m.json");
        onnx = dir.resolve("m.onnx");
        CommandLineRun train = CommandLineRun.of("train", "--sizes", "784,20,10", "--activation", "relu", "--output", "softmax",
                "--cost", "log-likelihood", "--eta", "0.1", "--epochs", "1", "--train-size", "3000",
                "--data", CommandLineRun.DATA, "--save", json.toString());
        assertEquals(0, train.status(), train.toString());
        CommandLineRun export = CommandLineRun.of("export", "--model", json.toString(), "--out", onnx.toString());
        assertEquals(0, export.status(), export.toString());
        assertEquals("Exported [784, 20, 10] to " + onnx + " (ONNX opset 13, input \"input\" [N, 784], output \"output\" [N, 10])",
                export.out().trim());
    }

    @Test
    void exportThenImportGivesTheSameModelFileByteForByte() throws Exception {
        Path back = dir.resolve("back.json");
        CommandLineRun run = CommandLineRun.of("import", onnx.toString(), "--out", back.toString());
        assertEquals(0, run.status(), run.toString());
        assertEquals("Imported [784, 20, 10] (relu hidden, softmax output, log-likelihood cost) from " + onnx + " to " + back,
                run.out().trim());
        nndl.onnx.Bits.assertSame(ModelFile.load(json), ModelFile.load(back));
        assertEquals(-1, Files.mismatch(json, back), "weights, cost, activations and the training's record all come back");

        Path again = dir.resolve("again.onnx");
        assertEquals(0, CommandLineRun.of("export", "--model", back.toString(), "--out", again.toString()).status());
        assertEquals(-1, Files.mismatch(onnx, again), "and export of the import is the same ONNX file");
    }

    @Test
    void theOnnxFileRecordsProducerCostAndTraining() throws Exception {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals("nndl", model.getProducerName());
        assertEquals(Main.VERSION, model.getProducerVersion());
        Map<String, String> metadata = new HashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        JsonNode saved = JSON.readTree(json.toFile());
        assertEquals(saved.get("cost").asText(), metadata.get("cost"));
        assertEquals(saved.get("nndl").get("evaluation_correct").asText(), metadata.get("nndl.evaluation_correct"));
        JsonNode settings = JSON.readTree(metadata.get("nndl.settings"));
        assertEquals(0.1, settings.get("eta").asDouble());
        assertEquals("relu", settings.get("activation").asText());
        assertTrue(model.getDocString().contains(saved.get("nndl").get("evaluation_correct").asText() + " / 10000"), model.getDocString());
    }

    @Test
    void evaluateReadsTheOnnxFileAsTheJsonOne() {
        CommandLineRun fromJson = CommandLineRun.of("evaluate", "--model", json.toString(), "--json", "--data", CommandLineRun.DATA);
        CommandLineRun fromOnnx = CommandLineRun.of("evaluate", "--model", onnx.toString(), "--json", "--data", CommandLineRun.DATA);
        assertEquals(0, fromOnnx.status(), fromOnnx.toString());
        assertTrue(fromOnnx.out().startsWith("{\"split\": \"test\", \"correct\": "), fromOnnx.out());
        assertEquals(fromJson.out(), fromOnnx.out());
    }

    @Test
    void predictReadsTheOnnxFileAsTheJsonOne() {
        Dataset test = TestMnist.mnist().test();
        String[] images = new String[3];
        for (int i = 0; i < images.length; i++) {
            Path file = dir.resolve("digit" + i + ".png");
            ImageFiles.writePng(DigitPreprocessor.toImage(test.image(i)), file);
            images[i] = file.toString();
        }
        CommandLineRun fromJson = CommandLineRun.of(concat(new String[] {"predict", "--json", "--model", json.toString()}, images));
        CommandLineRun fromOnnx = CommandLineRun.of(concat(new String[] {"predict", "--json", "--model", onnx.toString()}, images));
        assertEquals(0, fromOnnx.status(), fromOnnx.toString());
        assertEquals(fromJson.out(), fromOnnx.out());
    }

    @Test
    void serveServesTheOnnxFile() throws Exception {
        try (ServeRun serve = ServeRun.start("--model", onnx.toString(), "--port", "0", "--data", CommandLineRun.DATA)) {
            assertTrue(serve.printed.startsWith("nndl: serving " + onnx + " [784, 20, 10] at "), serve.printed);
            URI url = serve.url();
            HttpClient client = HttpClient.newHttpClient();
            JsonNode model = JSON.readTree(client.send(HttpRequest.newBuilder(url.resolve("/api/model")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode saved = JSON.readTree(json.toFile()).get("nndl");
            assertEquals(saved, model.get("info"), "the training's record, from the ONNX metadata");
            assertEquals("log-likelihood", model.get("cost").asText());

            Network network = ModelFile.load(json);
            Dataset test = TestMnist.mnist().test();
            StringBuilder pixels = new StringBuilder("{\"pixels\": [");
            for (int p = 0; p < 784; p++) {
                pixels.append(p > 0 ? "," : "").append(test.pixel(0, p));
            }
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(url.resolve("/api/predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(pixels.append("]}").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            Prediction expected = Prediction.of(network, DigitPreprocessor.prepare(test.image(0), 28, 28));
            JsonNode got = JSON.readTree(answer.body());
            assertEquals(expected.digit(), got.get("digit").asInt());
            for (int d = 0; d < 10; d++) {
                assertEquals(expected.probability(d), got.get("probabilities").get(d).asDouble(), 1e-6, "digit " + d);
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void trainsSavesWritesMetricsAndTheModelEvaluatesTheSame() throws IOException {
        Path model = dir.resolve("model.json");
        Path metrics = dir.resolve("metrics.jsonl");
        CommandLineRun run = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--sizes", "784,20,10",
                "--epochs", "2", "--train-size", "3000", "--seed", "3", "--save", model.toString(),
                "--metrics-out", metrics.toString(), "--monitor", "training-cost,evaluation-cost");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().matches("(?s).*Epoch 0: \\d+ / 10000 \\(\\d+\\.\\d\\d s\\).*Epoch 1: \\d+ / 10000.*"), run.out());
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(2, lines.size());
        JsonNode last = JSON.readTree(lines.get(1));
        assertEquals(1, last.get("epoch").asInt());
        assertEquals(10_000, last.get("evaluation_total").asInt());
        assertEquals(3.0, last.get("eta").asDouble());
        assertTrue(last.get("train_seconds").asDouble() > 0);
        assertTrue(last.has("training_cost") && last.has("evaluation_cost"), last.toString());
        int correct = last.get("evaluation_correct").asInt();
        assertTrue(correct > 8_000, "after 2 epochs on 3,000 images: " + correct);

        CommandLineRun eval = CommandLineRun.of("evaluate", "--model", model.toString(), "--data", CommandLineRun.DATA, "--json");
        assertEquals(0, eval.status(), eval.err());
        JsonNode result = JSON.readTree(eval.out());
        assertEquals("test", result.get("split").asText());
        assertEquals(correct, result.get("correct").asInt());
        assertEquals(10_000, result.get("total").asInt());

        CommandLineRun plain = CommandLineRun.of("evaluate", "--model", model.toString(), "--data", CommandLineRun.DATA,
                "--split", "validation");
        assertTrue(plain.out().matches("validation: \\d+ / 10000 \\(\\d+\\.\\d\\d%\\)\\s*"), plain.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--eta 0                       | eta must be positive",
        "--eta -1                      | eta must be positive",
        "--batch-size 0                | mini-batch size must be at least 1",
        "--epochs 0                    | epochs must be at least 1",
        "--sizes 784                   | at least two layers",
        "--sizes 100,30,10             | the first size must be 784",
        "--sizes 784,30,5              | the last size must be 10",
        "--cost hinge                  | unknown cost 'hinge'",
        "--activation swish            | unknown activation 'swish'",
        "--output relu                 | unknown output layer 'relu'",
        "--cost log-likelihood --output sigmoid | needs a softmax output layer",
        "--lambda -1                   | lambda must be 0 or more",
        "--dropout 1                   | dropout must be in [0, 1)",
        "--momentum 1                  | momentum must be in [0, 1)",
        "--preset nope                 | unknown preset 'nope'",
        "--eval training               | use test or validation",
        "--data /nonexistent/mnist     | data folder /nonexistent/mnist does not exist",
        "--epochs many                 | Invalid value for option '--epochs'",
        "--frobnicate                  | unknown option '--frobnicate'",
        "--sizes 784,100,100,10 --activation relu --cost log-likelihood --init large --eta 1000 --train-size 2000 --epochs 1 | training diverged in epoch 0 (weights became NaN or infinite): try a learning rate eta smaller",
    })
    void badInputIsOneLineAndStatusTwo(String args, String expected) {
        String data = args.contains("--data") ? "" : "--data " + CommandLineRun.DATA + " ";
        String[] parts = ("train " + data + args.trim()).split("\\s+");
        CommandLineRun run = CommandLineRun.of(parts);
        assertEquals(2, run.status(), run.out() + run.err());
        String err = run.err().strip();
        assertTrue(err.startsWith("nndl: ") && !err.contains("\n"), "one line: " + err);
        assertTrue(err.contains(expected), err);
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void aSettingsFileUnderTheOptionsGiven() throws IOException {
        Path config = dir.resolve("settings.json");
        Files.writeString(config, "{\"preset\": \"ch3-l2\", \"hidden\": [20], \"epochs\": 1, \"train-size\": 2000, \"eta\": 1.5}");
        Path model = dir.resolve("model.json");
        CommandLineRun run = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--config", config.toString(),
                "--eta", "0.25", "--save", model.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("Training [784, 20, 10] on 2000 images (cross-entropy cost"), run.out());
        JsonNode info = JSON.readTree(model.toFile()).get("nndl");
        assertEquals("ch3-l2", info.get("preset").asText());
        JsonNode settings = info.get("settings");
        assertEquals(0.25, settings.get("eta").asDouble());       // the option over the file
        assertEquals(5.0, settings.get("lambda").asDouble());     // the preset's, which the file names
        assertEquals(2000, settings.get("train-size").asInt());   // the file's

        Files.writeString(config, "{\"etaa\": 1}");
        CommandLineRun bad = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--config", config.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().strip().equals("nndl: settings file " + config + ": unknown setting 'etaa': use one of "
                + String.join(", ", nndl.train.Settings.NAMES)), bad.err());
    }

    @Test
    void withTestDataTheValidationDataSteersTheScheduleAndTheTestDataIsReported() throws IOException {
        Path metrics = dir.resolve("steered.jsonl");
        CommandLineRun run = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--sizes", "784,20,10",
                "--epochs", "3", "--train-size", "1000", "--schedule", "1", "--eval", "test",
                "--metrics-out", metrics.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("The schedule watches the 10000 validation images; the test images are only reported"),
                run.out());
        assertTrue(run.out().matches("(?s).*Epoch 0: \\d+ / 10000 test, \\d+ / 10000 validation.*"), run.out());
        assertTrue(run.out().matches("(?s).*Best: epoch \\d, \\d+ / 10000 \\(.*\\) on validation data \\(\\d+ / 10000 .* on test data\\).*"),
                run.out());
        JsonNode first = JSON.readTree(Files.readAllLines(metrics).get(0));
        assertTrue(first.has("validation_correct") && first.has("evaluation_correct"), first.toString());
    }

    @Test
    void badModelFilesAreStatusTwo() throws IOException {
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "{not json");
        for (String model : new String[] {dir.resolve("absent.json").toString(), notJson.toString()}) {
            CommandLineRun run = CommandLineRun.of("evaluate", "--model", model, "--data", CommandLineRun.DATA);
            assertEquals(2, run.status());
            assertTrue(run.err().startsWith("nndl: model file " + model), run.err());
        }
    }

    @Test
    void gradcheckAgreesAndPerceptronAdds() {
        CommandLineRun check = CommandLineRun.of("gradcheck", "--cost", "log-likelihood", "--activation", "relu");
        assertEquals(0, check.status(), check.err());
        assertTrue(check.out().contains("backpropagation agrees"), check.out());
        CommandLineRun adder = CommandLineRun.of("perceptron", "19", "23");
        assertEquals(0, adder.status());
        assertTrue(adder.out().contains("19 + 23 = 42"), adder.out());
    }
}

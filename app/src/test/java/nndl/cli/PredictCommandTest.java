package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.image.DigitPreprocessor;
import nndl.image.ImageFiles;
import nndl.image.Prediction;
import nndl.image.Scans;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import nndl.train.Sgd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    static Network network;
    static Dataset test;
    /** Scans of test digits the network recognises, and their labels. */
    static Path[] scans = new Path[2];
    static int[] labels = new int[2];

    @BeforeAll
    static void trainAndScan() throws IOException {
        Mnist mnist = TestMnist.mnist();
        test = mnist.test();
        network = new Network(new int[] {784, 30, 10}, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY)
                .initialize(Initializer.DEFAULT, new Random(1));
        new Sgd(1, 10, 0.5).seed(1).threads(1).train(network, mnist.training().first(10_000), null, null);
        model = dir.resolve("model.json");
        ModelFile.save(network, model);
        Random random = new Random(9);
        int found = 0;
        for (int i = 0; found < 2; i++) {
            BufferedImage page = Scans.page(test, i, new Scans.Look(5, found == 0, found == 1, "png"), random);
            String format = found == 0 ? "png" : "jpeg";
            Path file = dir.resolve("digit" + i + "." + format);
            Files.write(file, Scans.encode(page, format));
            if (network.predict(DigitPreprocessor.prepare(file)) == test.label(i)) {
                scans[found] = file;
                labels[found++] = test.label(i);
            }
        }
    }

    @Test
    void jsonGivesEachFileItsDigitAndTenProbabilities() throws IOException {
        CommandLineRun r = CommandLineRun.of("predict", "--model", model.toString(), "--json", scans[0].toString(), scans[1].toString());
        assertEquals(0, r.status(), r.err());
        JsonNode array = new ObjectMapper().readTree(r.out());
        assertTrue(array.isArray());
        assertEquals(2, array.size());
        for (int k = 0; k < 2; k++) {
            JsonNode o = array.get(k);
            assertEquals(scans[k].toString(), o.get("file").asText());
            assertEquals(labels[k], o.get("digit").asInt());
            JsonNode p = o.get("probabilities");
            assertEquals(10, p.size());
            double sum = 0;
            int best = 0;
            for (int d = 0; d < 10; d++) {
                sum += p.get(d).asDouble();
                best = p.get(d).asDouble() > p.get(best).asDouble() ? d : best;
            }
            assertEquals(1.0, sum, 1e-5, "sigmoid outputs divided by their sum");
            assertEquals(labels[k], best);
            // The same numbers as the library gives for the same image.
            float[] expected = Prediction.of(network, DigitPreprocessor.prepare(scans[k])).probabilities();
            for (int d = 0; d < 10; d++) {
                assertEquals(expected[d], p.get(d).floatValue(), 1e-6f, "probability of " + d);
            }
        }
    }

    @Test
    void textShowsTheTopDigitsWithPercentages() {
        CommandLineRun r = CommandLineRun.of("predict", "--model", model.toString(), "--top", "3", scans[0].toString());
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("(probabilities: the sigmoid outputs divided by their sum)", lines[0]);
        assertTrue(lines[1].matches(java.util.regex.Pattern.quote(scans[0].toString())
                + ": " + labels[0] + " \\(\\d+\\.\\d%\\), \\d \\(\\d+\\.\\d%\\), \\d \\(\\d+\\.\\d%\\)"), lines[1]);
        assertEquals(2, lines.length);
    }

    @Test
    void savePreparedWritesWhatTheNetworkSaw() throws IOException {
        Path out = dir.resolve("prepared");
        CommandLineRun r = CommandLineRun.of("predict", "--model", model.toString(), "--save-prepared", out.toString(),
                scans[0].toString(), scans[1].toString(), scans[0].toString());
        assertEquals(0, r.status(), r.err());
        String base = scans[0].getFileName().toString().replace(".png", "");
        Path first = out.resolve(base + ".png");
        assertTrue(Files.exists(out.resolve(base + "-2.png")), "a second image of the same name gets -2");
        BufferedImage saved = javax.imageio.ImageIO.read(first.toFile());
        assertEquals(28, saved.getWidth());
        float[] fed = DigitPreprocessor.prepare(scans[0]);
        int[] levels = saved.getRaster().getSamples(0, 0, 28, 28, 0, new int[784]);
        for (int p = 0; p < 784; p++) {
            assertEquals(Math.round(fed[p] * 255), levels[p], "pixel " + p);
        }
    }

    @Test
    void badImagesStopWithOneLineAndStatusTwo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture", StandardCharsets.UTF_8);
        Path blank = dir.resolve("blank.png");
        BufferedImage white = new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY);
        white.getRaster().setSamples(0, 0, 50, 50, 0, filled(2500, 255));
        ImageFiles.writePng(white, blank);
        byte[] whole = Files.readAllBytes(scans[0]);
        Path truncated = Files.write(dir.resolve("cut.png"), Arrays.copyOf(whole, whole.length / 2));
        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        String[][] cases = {
            {text.toString(), text + " is not an image nndl can read"},
            {blank.toString(), blank + ": no digit found: the image is blank"},
            {truncated.toString(), truncated.toString()},
            {empty.toString(), empty + " is empty"},
            {dir.resolve("missing.png").toString(), "does not exist"},
        };
        for (String[] c : cases) {
            CommandLineRun r = CommandLineRun.of("predict", "--model", model.toString(), scans[0].toString(), c[0]);
            assertEquals(Main.USER_ERROR, r.status(), c[0]);
            assertEquals("", r.out(), "nothing printed for the good image either");
            assertTrue(r.err().startsWith("nndl: ") && r.err().contains(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void badOptionsAreUserErrors() {
        assertEquals(Main.USER_ERROR, CommandLineRun.of("predict", "--model", model.toString(), "--top", "11", scans[0].toString()).status());
        assertEquals(Main.USER_ERROR, CommandLineRun.of("predict", "--model", model.toString()).status());
        CommandLineRun r = CommandLineRun.of("predict", "--model", dir.resolve("none.json").toString(), scans[0].toString());
        assertEquals(Main.USER_ERROR, r.status());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }
}

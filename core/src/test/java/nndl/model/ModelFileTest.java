package nndl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import nndl.UserException;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    /**
     * A [2,3,1] model as network2.py's save() writes it: json.dump of sizes, weights (out × in),
     * biases as column vectors and the cost's class name.
     */
    static final String NETWORK2_JSON = "{\"sizes\": [2, 3, 1], "
            + "\"weights\": [[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [[0.7, -0.8, 0.9]]], "
            + "\"biases\": [[[0.01], [-0.02], [0.03]], [[-0.04]]], \"cost\": \"CrossEntropyCost\"}";

    @Test
    void readsTheNetwork2Format() throws IOException {
        Path file = dir.resolve("net.json");
        Files.writeString(file, NETWORK2_JSON);
        Network net = ModelFile.load(file);
        assertArrayEquals(new int[] {2, 3, 1}, net.sizes());
        assertEquals(Cost.CROSS_ENTROPY, net.cost());
        assertEquals(Activation.SIGMOID, net.outputActivation());
        assertEquals(0.4f, net.layers().get(0).weight(1, 1));     // w_jk with j = 1, k = 1
        assertEquals(-0.5f, net.layers().get(0).weight(2, 0));
        assertEquals(-0.04f, net.layers().get(1).biases[0]);
        // feedforward of x = (1, 2), computed by hand from the numbers above
        double h0 = sigmoid(0.1 - 0.4 + 0.01);
        double h1 = sigmoid(0.3 + 0.8 - 0.02);
        double h2 = sigmoid(-0.5 + 1.2 + 0.03);
        double out = sigmoid(0.7 * h0 - 0.8 * h1 + 0.9 * h2 - 0.04);
        assertEquals(out, net.feedforward(new float[] {1f, 2f})[0], 1e-6);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void fieldsMayComeInAnyOrder() throws IOException {
        Path file = dir.resolve("reordered.json");
        Files.writeString(file, "{\"cost\": \"CrossEntropyCost\", \"biases\": [[[0.01], [-0.02], [0.03]], [[-0.04]]], "
                + "\"weights\": [[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [[0.7, -0.8, 0.9]]], \"sizes\": [2, 3, 1]}");
        Path original = Files.writeString(dir.resolve("net.json"), NETWORK2_JSON);
        assertArrayEquals(ModelFile.load(original).feedforward(new float[] {1f, 2f}), ModelFile.load(file).feedforward(new float[] {1f, 2f}));
    }

    @Test
    void roundTripKeepsEveryNumberAndSetting() {
        Network net = new Network(new int[] {5, 4, 3}, Activation.RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD)
                .initialize(Initializer.DEFAULT, new Random(3));
        Path file = dir.resolve("m.json");
        ModelFile.save(net, Map.of("dropout", 0.5), file);
        ModelFile.Saved saved = ModelFile.read(file);
        Network back = saved.network();
        assertEquals(Activation.RELU, back.hiddenActivation());
        assertEquals(Activation.SOFTMAX, back.outputActivation());
        assertEquals(Cost.LOG_LIKELIHOOD, back.cost());
        assertEquals(0.5, saved.info().get("dropout"));
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(net.layers().get(l).weights.data, back.layers().get(l).weights.data);
            assertArrayEquals(net.layers().get(l).biases, back.layers().get(l).biases);
        }
    }

    @Test
    void writesTheBooksOrientation() throws IOException {
        Path file = dir.resolve("n.json");
        Files.writeString(file, NETWORK2_JSON);
        ModelFile.save(ModelFile.load(file), dir.resolve("again.json"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("again.json").toFile());
        assertEquals(3, json.get("weights").get(0).size());          // 3 rows (neurons) ...
        assertEquals(2, json.get("weights").get(0).get(0).size());   // ... of 2 inputs each
        assertEquals(0.3, json.get("weights").get(0).get(1).get(0).asDouble(), 1e-7);
        assertEquals(-0.02, json.get("biases").get(0).get(1).get(0).asDouble(), 1e-7);
        assertEquals("CrossEntropyCost", json.get("cost").asText());
    }

    @Test
    void badFilesAreUserErrors() throws IOException {
        assertMessage(dir.resolve("absent.json"), "does not exist");
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "this is not json");
        assertMessage(notJson, "not valid JSON");
        Path shapes = dir.resolve("shapes.json");
        Files.writeString(shapes, NETWORK2_JSON.replace("[2, 3, 1]", "[2, 4, 1]"));
        assertMessage(shapes, "must have 4 rows");
        Path row = dir.resolve("row.json");
        Files.writeString(row, NETWORK2_JSON.replace("[0.1, -0.2]", "[0.1]"));
        assertMessage(row, "must have 2 numbers");
        Path cost = dir.resolve("cost.json");
        Files.writeString(cost, NETWORK2_JSON.replace("CrossEntropyCost", "HingeCost"));
        assertMessage(cost, "unknown cost");
    }

    @Test
    void aFailedSaveLeavesTheOldFile() throws IOException {
        Path file = dir.resolve("keep.json");
        Files.writeString(file, NETWORK2_JSON);
        Network net = new Network(2, 2);
        Path blocked = dir.resolve("keep.json/child.json"); // cannot be written: its parent is a file
        assertThrows(UserException.class, () -> ModelFile.save(net, blocked));
        assertEquals(NETWORK2_JSON, Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    private static void assertMessage(Path file, String part) {
        UserException e = assertThrows(UserException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}

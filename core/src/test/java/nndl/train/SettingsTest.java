package nndl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nndl.UserException;
import nndl.data.Expansion;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void thePresetsHoldTheBooksRuns() {
        Settings ch1 = Preset.named("ch1").settings();
        assertArrayEquals(new int[] {784, 30, 10}, ch1.sizes());
        assertEquals(30, ch1.epochs());
        assertEquals(10, ch1.miniBatchSize());
        assertEquals(3.0, ch1.eta());
        assertEquals(Cost.QUADRATIC, ch1.cost());
        assertEquals(Split.TEST, ch1.evaluation());
        assertEquals(1, ch1.seed());

        Settings l2 = Preset.named("ch3-l2-100").settings();
        assertArrayEquals(new int[] {784, 100, 10}, l2.sizes());
        assertEquals(60, l2.epochs());
        assertEquals(0.5, l2.eta());
        assertEquals(5.0, l2.lambda());
        assertEquals(Cost.CROSS_ENTROPY, l2.cost());
        assertEquals(Split.VALIDATION, l2.evaluation());

        Settings best = Preset.named("best").settings();
        assertArrayEquals(new int[] {784, 1200, 10}, best.sizes());
        assertEquals(List.of(36, 50, 3, 0), List.of(best.epochs(), best.miniBatchSize(), best.schedule(), best.earlyStop()));
        assertEquals(List.of(0.0276, 5.97, 0.0, 0.9, 0.484), List.of(best.eta(), best.lambda(), best.l1(), best.momentum(), best.dropout()));
        assertEquals(List.of(Cost.LOG_LIKELIHOOD, Activation.RELU, Activation.SOFTMAX),
                List.of(best.cost(), best.hidden(), best.output()));
        assertEquals(List.of(Expansion.Kind.SHIFT, Expansion.Kind.ELASTIC), best.expand());
        assertEquals(Split.VALIDATION, best.evaluation());
    }

    @Test
    void everyPresetGoesToAMapAndBackUnchanged() throws IOException {
        for (Preset p : Preset.all()) {
            Map<String, Object> map = p.settings().toMap();
            // through JSON text, as a settings file or model file holds it
            Map<String, Object> read = JSON.readValue(JSON.writeValueAsString(map), LinkedHashMap.class);
            assertEquals(p.settings(), Settings.fromMap(read), p.name());
            assertEquals(List.of("version", "sizes", "epochs", "mini-batch-size", "eta", "cost", "activation", "output",
                    "init", "lambda", "l1", "momentum", "dropout", "schedule", "early-stop", "eval", "expand",
                    "train-size", "seed", "monitor"), List.copyOf(map.keySet()));
        }
        Settings odd = Settings.DEFAULT.with("train-size", "1234").with("monitor", "training-cost,evaluation-cost")
                .with("seed", "-7").with("init", "large").with("l1", "0.25");
        assertEquals(odd, Settings.fromMap(JSON.readValue(JSON.writeValueAsString(odd.toMap()), LinkedHashMap.class)));
    }

    @Test
    void oneSettingByNameChangesThatSettingAlone() {
        Settings s = Settings.DEFAULT;
        assertArrayEquals(new int[] {784, 100, 30, 10}, s.with("hidden", "100,30").sizes());
        assertArrayEquals(new int[] {784, 10}, s.with("hidden", "none").sizes());
        assertArrayEquals(new int[] {784, 20, 10}, s.with("sizes", "784, 20, 10").sizes());
        assertEquals(0.125, s.with("eta", "0.125").eta());
        assertEquals(s.with("mini-batch-size", "7"), s.with("batch-size", "7"));
        assertEquals(s.with("lambda", "2"), s.with("l2", "2"));
        assertEquals(1000, s.with("train-size", "1000").trainSize());
        assertEquals(0, s.with("train-size", "1000").with("train-size", "all").trainSize());
        assertEquals(Set.of(Monitor.TRAINING_COST), s.with("monitor", "training-cost").monitors());
        assertEquals(List.of(Expansion.Kind.ELASTIC, Expansion.Kind.SHIFT), s.with("expand", "elastic,shift").expand());
        assertEquals(Preset.named("best").settings(), s.with("preset", "best"));
        // everything else as it was
        Settings changed = s.with("dropout", "0.5");
        assertEquals(0.5, changed.dropout());
        assertEquals(s, changed.with("dropout", "0"));
        assertNotEquals(s, changed);
    }

    @Test
    void theLogLikelihoodCostBringsItsSoftmaxOutput() {
        Settings s = Settings.DEFAULT.with("cost", "log-likelihood");
        assertEquals(Activation.SOFTMAX, s.output());
        // a map applies the cost before the output, whatever its order
        Map<String, Object> back = new LinkedHashMap<>();
        back.put("output", "sigmoid");
        back.put("cost", "quadratic");
        Settings fromBest = Preset.named("best").settings().with(back);
        assertEquals(Cost.QUADRATIC, fromBest.cost());
        assertEquals(Activation.SIGMOID, fromBest.output());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "eta          | 0          | the learning rate eta must be positive",
        "eta          | fast       | the setting eta must be a number, not 'fast'",
        "epochs       | 2.5        | the setting epochs must be a whole number",
        "epochs       | 0          | epochs must be at least 1",
        "sizes        | 784        | at least two layers",
        "hidden       | 0          | every layer needs at least one neuron",
        "cost         | hinge      | unknown cost 'hinge'",
        "output       | relu       | unknown output layer 'relu'",
        "activation   | softmax    | softmax is for the output layer only",
        "lambda       | -1         | lambda must be 0 or more",
        "momentum     | 1          | momentum must be in [0, 1)",
        "dropout      | 1          | dropout must be in [0, 1)",
        "eval         | training   | use test or validation",
        "expand       | shift,shift| listed twice",
        "train-size   | 0          | at least 1",
        "monitor      | everything | unknown monitor 'everything'",
        "preset       | nope       | unknown preset 'nope'",
        "etta         | 1          | unknown setting 'etta'",
    })
    void aBadSettingIsRefusedInTheLibrarysTerms(String name, String value, String expected) {
        UserException e = assertThrows(UserException.class, () -> Settings.DEFAULT.with(name, value));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("--"), "no command-line flags in the library: " + e.getMessage());
    }

    @Test
    void combinationsAreCheckedWhenMade() {
        UserException e = assertThrows(UserException.class,
                () -> Settings.DEFAULT.with("cost", "log-likelihood").with("output", "sigmoid"));
        assertTrue(e.getMessage().contains("log-likelihood cost needs a softmax output"), e.getMessage());
        assertThrows(UserException.class, () -> Settings.DEFAULT.toBuilder().hidden(Activation.SOFTMAX).build());
    }

    @Test
    void settingsFilesAndVersions() throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"preset\": \"ch3-l2\", \"eta\": 0.25, \"hidden\": [50]}");
        Settings s = Settings.DEFAULT.with(Settings.readFile(file));
        assertEquals(Preset.named("ch3-l2").settings().with("eta", "0.25").with("hidden", "50"), s);

        Map<String, Object> newer = new LinkedHashMap<>(Settings.DEFAULT.toMap());
        newer.put("version", Settings.VERSION + 1);
        UserException e = assertThrows(UserException.class, () -> Settings.fromMap(newer));
        assertTrue(e.getMessage().contains("from a newer nndl"), e.getMessage());

        Files.writeString(file, "[1, 2]");
        assertTrue(assertThrows(UserException.class, () -> Settings.readFile(file)).getMessage().contains("not a JSON object"));
        Files.writeString(file, "{\"eta\": ");
        assertTrue(assertThrows(UserException.class, () -> Settings.readFile(file)).getMessage().contains("not valid JSON"));
        assertTrue(assertThrows(UserException.class, () -> Settings.readFile(dir.resolve("absent.json")))
                .getMessage().contains("does not exist"));
    }

    @Test
    void theNetworkIsTheBooksInitializationFromTheSeed() {
        Settings s = Settings.DEFAULT.with("hidden", "20").with("seed", "42").with("init", "large");
        Network expected = new Network(784, 20, 10).initialize(Initializer.LARGE, new Random(42));
        Network got = s.network();
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(expected.layers().get(l).weights.data, got.layers().get(l).weights.data);
            assertArrayEquals(expected.layers().get(l).biases, got.layers().get(l).biases);
        }
    }

    @Test
    void theSizesCannotBeChangedFromOutside() {
        int[] sizes = {784, 30, 10};
        Settings s = Settings.DEFAULT.toBuilder().sizes(sizes).build();
        sizes[1] = 99;
        s.sizes()[1] = 98;
        assertArrayEquals(new int[] {784, 30, 10}, s.sizes());
    }
}

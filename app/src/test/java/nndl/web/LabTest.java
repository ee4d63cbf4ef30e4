package nndl.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import nndl.data.Mnist;
import nndl.figures.SlowdownNeuron;
import nndl.image.Pen;
import nndl.math.Kernels;
import nndl.nn.Cost;
import nndl.nn.Layer;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import nndl.train.EpochResult;
import nndl.train.Settings;
import nndl.train.TrainingListener;
import nndl.viz.WeightTiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab's API over loopback: a run from start to end is the library's own run with the same
 * settings, bit for bit; one run at a time; the limits; pause, resume, stop and a new η; the
 * pictures and the neuron. (LabBrowserTest drives the same from the page.)
 */
class LabTest {
    static LabServed served;

    @BeforeAll
    static void serve() {
        served = new LabServed();
    }

    @AfterAll
    static void close() {
        served.close();
    }

    @AfterEach
    void noRunLeft() {
        served.stopAnyRun();
    }

    static boolean ended(JsonNode run) {
        String s = run.get("state").asText();
        return s.equals("finished") || s.equals("stopped") || s.equals("failed");
    }

    @Test
    void aSmallRunIsTheLibrarysOwnRunWithTheSameSettings() {
        Served.Answer started = served.post("/api/lab/start",
                "{\"sizes\": \"784,30,10\", \"cost\": \"cross-entropy\", \"eta\": 0.5, \"lambda\": 1, \"epochs\": 3,"
                        + " \"train-size\": 1000, \"seed\": 5}");
        assertEquals(200, started.status(), started.body());
        int run = started.json().get("run").asInt();
        JsonNode done = served.awaitRun(r -> r.get("run").asInt() == run && ended(r));
        assertEquals("finished", done.get("state").asText(), done.toString());

        // The same run made here: Settings, Network and Sgd, on the same data.
        Mnist mnist = TestMnist.mnist();
        Settings s = Settings.DEFAULT.toBuilder().sizes(784, 30, 10).cost(Cost.CROSS_ENTROPY).eta(0.5).lambda(1).epochs(3)
                .trainSize(1000).seed(5).build();
        Network network = s.network();
        List<EpochResult> epochs = new ArrayList<>();
        s.sgd().train(network, s.trainingData(mnist.training()), mnist.validation(), new TrainingListener() {
            @Override
            public void epochDone(EpochResult r) {
                epochs.add(r);
            }
        });

        JsonNode points = done.get("points");
        assertEquals(4, points.size(), "where it started, then one point an epoch (1,000 images: none within one)");
        assertEquals(0, points.get(0).get("images").asInt());
        for (int e = 0; e < 3; e++) {
            JsonNode p = points.get(e + 1);
            assertEquals(e + 1.0, p.get("epoch").asDouble());
            assertEquals(1000L * (e + 1), p.get("images").asLong());
            assertTrue(p.get("end").asBoolean());
            JsonNode all = p.get("validation_all");
            assertEquals(epochs.get(e).evaluation().correct(), all.get("correct").asInt(), "epoch " + e);
            assertEquals(epochs.get(e).evaluation().cost(), all.get("cost").asDouble(), 0.0, "epoch " + e + ", bit for bit");
        }
        // The live measurements: the first 1,000 validation and training images, with the L2 term for n = 1,000.
        try (Kernels k = Kernels.create(1)) {
            JsonNode last = points.get(3);
            assertEquals(s.sgd().evaluate(network, mnist.validation().first(1000), 1000, k).cost(),
                    last.get("validation").get("cost").asDouble(), 1e-12);
            assertEquals(network.evaluate(mnist.training().first(1000), k).correct(), last.get("training").get("correct").asInt());
            assertEquals(network.evaluate(mnist.test(), k).accuracy(), done.get("test_accuracy").asDouble(), 0.0,
                    "the test digits, looked at once at the end");
        }
        // The page now reads with the run's network.
        Network reading = served.lab.network();
        assertArrayEquals(network.layers().get(0).weights.data, reading.layers().get(0).weights.data);
        assertTrue(served.get("/api/model").json().get("run").asInt() == run);
    }

    @Test
    void oneRunAtATimeAndNothingBeyondTheLimits() {
        assertEquals(409, served.post("/api/lab/pause", "{}").status(), "nothing to pause before any run (or after one)");
        Served.Answer first = served.post("/api/lab/start", "{\"sizes\": \"784,100,10\", \"epochs\": 50, \"train-size\": 20000}");
        assertEquals(200, first.status(), first.body());
        Served.Answer second = served.post("/api/lab/start", "{\"preset\": \"ch1\"}");
        assertEquals(409, second.status());
        assertTrue(second.error().startsWith("run " + first.json().get("run").asInt() + " is training"), second.error());
        assertTrue(second.error().contains("one network at a time"), second.error());
        // Beyond the limits, each named (checked before anything starts, even while a run trains).
        served.post("/api/lab/stop", "{}");
        served.awaitRun(LabTest::ended);
        String[][] refused = {
            {"{\"sizes\": \"784,1000,1000,10\"}", "has 1,796,010 weights and biases: the lab allows at most 1,000,000"},
            {"{\"sizes\": \"784,1001,10\"}", "a hidden layer of 1001 neurons: the lab allows at most 1000"},
            {"{\"sizes\": \"784,20,20,20,20,10\"}", "the network has 4 hidden layers: the lab allows at most 3"},
            {"{\"epochs\": 101}", "epochs 101: the lab allows at most 100"},
            {"{\"eta\": 101}", "eta 101.0: the lab allows at most 100.0"},
            {"{\"mini-batch-size\": 1001}", "a mini-batch of 1001: the lab allows at most 1000"},
            {"{\"sizes\": \"784,1000,10\", \"epochs\": 100}", "multiply-adds: the lab allows at most 1.0e+12"},
            {"{\"train-size\": 0}", "the training-set size must be at least 1"},
            {"{\"expand\": \"shift\"}", "the lab does not take the setting 'expand'"},
            {"{\"preset\": \"best\"}", "a preset that expands them (best) is for ./nndl train"},
            {"{\"cost\": \"hinge\"}", "unknown cost 'hinge'"},
            {"[1, 2]", "send a JSON object"},
        };
        for (String[] r : refused) {
            Served.Answer a = served.post("/api/lab/start", r[0]);
            assertEquals(400, a.status(), r[0] + ": " + a.body());
            assertTrue(a.error().contains(r[1]), r[0] + ": " + a.error());
        }
        assertTrue(ended(served.get("/api/lab").json().get("run")), "nothing started");
        assertEquals(409, served.post("/api/lab/eta", "{\"eta\": 1}").status(), "no eta for an ended run");
    }

    @Test
    void pauseHoldsTheRunAndANewEtaTakesOverFromTheNextMiniBatch() throws Exception {
        Served.Answer started = served.post("/api/lab/start", "{\"sizes\": \"784,100,10\", \"epochs\": 40, \"train-size\": 20000}");
        assertEquals(200, started.status(), started.body());
        served.awaitRun(r -> r.get("points").size() >= 2);
        assertEquals(200, served.post("/api/lab/pause", "{}").status());
        served.awaitRun(r -> r.get("state").asText().equals("paused"));
        Thread.sleep(300); // a point being measured when it paused may still come in
        int points = served.get("/api/lab").json().get("run").get("points").size();
        float[] before = served.lab.job().network().layers().get(0).weights.data.clone();
        Thread.sleep(700);
        assertEquals(points, served.get("/api/lab").json().get("run").get("points").size(), "no learning while paused");
        assertEquals(409, served.post("/api/lab/pause", "{}").status(), "already paused");
        assertEquals(400, served.post("/api/lab/eta", "{\"eta\": 0}").status());
        assertEquals(400, served.post("/api/lab/eta", "{\"eta\": 1000}").status());
        assertEquals(400, served.post("/api/lab/eta", "{\"rate\": 1}").status());
        Served.Answer eta = served.post("/api/lab/eta", "{\"eta\": 0.75}");
        assertEquals(200, eta.status(), eta.body());
        assertEquals(0.75, eta.json().get("eta").asDouble());
        assertEquals(200, served.post("/api/lab/resume", "{}").status());
        JsonNode run = served.awaitRun(r -> r.get("points").size() >= points + 2);
        JsonNode after = run.get("points").get(run.get("points").size() - 1);
        assertEquals(0.75, after.get("eta").asDouble(), "the points after the change were trained at the new eta");
        assertFalse(java.util.Arrays.equals(before, served.lab.job().network().layers().get(0).weights.data), "it learns again");
        assertEquals(200, served.post("/api/lab/stop", "{}").status());
        JsonNode stopped = served.awaitRun(LabTest::ended);
        assertEquals("stopped", stopped.get("state").asText());
        assertEquals(409, served.post("/api/lab/resume", "{}").status());
    }

    @Test
    void theNeuronIsTheBooksSlowdownNeuron() {
        JsonNode n = served.get("/api/neuron?cost=quadratic&w=0.6&b=0.9&eta=0.15&epochs=3").json();
        JsonNode states = n.get("states");
        assertEquals(4, states.size());
        List<SlowdownNeuron.State> expected = SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.GOOD_START, 0.15, 3);
        for (int e = 0; e <= 3; e++) {
            assertEquals(expected.get(e).output(), states.get(e).get("output").asDouble(), 0.0);
            assertEquals(expected.get(e).cost(), states.get(e).get("cost").asDouble(), 0.0);
        }
        assertEquals(0.8175744762, states.get(0).get("output").asDouble(), 1e-10, "σ(0.6 + 0.9)");
        JsonNode x = served.get("/api/neuron?cost=cross-entropy").json();
        assertEquals(SlowdownNeuron.CROSS_ENTROPY_ETA, x.get("eta").asDouble(), "the book's η by default");
        assertEquals(SlowdownNeuron.EPOCHS + 1, x.get("states").size());
        assertEquals(400, served.get("/api/neuron?epochs=5000").status());
        assertEquals(400, served.get("/api/neuron?cost=log-likelihood").status());
        assertEquals(400, served.get("/api/neuron?eta=abc").status());
    }

    @Test
    void weightsAreTheFirstLayersNeuronByNeuron() throws Exception {
        JsonNode w = served.get("/api/lab/weights?count=12").json();
        assertEquals(12, w.get("neurons").asInt());
        String png = w.get("png").asText();
        assertTrue(png.startsWith("data:image/png;base64,"));
        BufferedImage strip = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.substring(png.indexOf(',') + 1))));
        assertEquals(12 * 29 - 1, strip.getWidth());
        assertEquals(28, strip.getHeight());
        Layer first = served.lab.network().layers().get(0);
        for (int j : new int[] {0, 5, 11}) {
            int[] expected = WeightTiles.pixels(first, j);
            for (int k = 0; k < 784; k += 37) {
                assertEquals(expected[k], strip.getRGB(j * 29 + k % 28, k / 28) & 0xffffff, "neuron " + j + ", pixel " + k);
            }
        }
        assertEquals(400, served.get("/api/lab/weights?count=0").status());
    }

    @Test
    void theAnswerCarriesTheHiddenActivationsAndTheNearestKnownDigit() {
        Served.Answer started = served.post("/api/lab/start", "{\"epochs\": 1, \"train-size\": 2000}");
        assertEquals(200, started.status(), started.body());
        served.awaitRun(LabTest::ended);
        served.awaitKnownDigits();
        StringBuilder strokes = new StringBuilder();
        for (float[] s : Pen.one(120, 60, 160)) {
            strokes.append('[');
            for (int i = 0; i < s.length; i += 2) {
                strokes.append(i == 0 ? "" : ",").append('[').append(s[i]).append(',').append(s[i + 1]).append(']');
            }
            strokes.append(']');
        }
        Served.Answer a = served.post("/api/predict", "{\"width\": 280, \"height\": 280, \"strokes\": [" + strokes + "]}");
        assertEquals(200, a.status(), a.body());
        JsonNode answer = a.json();
        // The activations σ(w·x + b) of the first layer, worked out here from the prepared image and the weights.
        Network network = served.lab.network();
        Layer first = network.layers().get(0);
        JsonNode hidden = answer.get("hidden");
        assertEquals(30, hidden.size());
        for (int j = 0; j < 30; j++) {
            double z = first.biases[j];
            for (int k = 0; k < 784; k++) {
                z += first.weight(j, k) * answer.get("prepared").get(k).asDouble() / 255;
            }
            assertEquals(1 / (1 + Math.exp(-z)), hidden.get(j).asDouble(), 2e-3, "neuron " + j);
        }
        JsonNode near = answer.get("nearest");
        assertFalse(near.get("unlike").asBoolean(), "a drawn 1 is like the digits it knows: " + near);
        assertEquals(near.get("distance").asDouble() > near.get("threshold").asDouble(), near.get("unlike").asBoolean());
        assertTrue(near.get("index").asInt() < 2000, "one of the 2,000 images the run learned from");
        assertEquals(TestMnist.mnist().training().label(near.get("index").asInt()), near.get("label").asInt());
        // A test digit as MNIST has it, unprepared, reads as the network reads the image itself.
        JsonNode t = served.post("/api/predict", "{\"test_digit\": 17}").json();
        assertEquals(network.predict(TestMnist.mnist().test().image(17)), t.get("digit").asInt());
        assertEquals(400, served.post("/api/predict", "{\"test_digit\": 10000}").status());
    }
}

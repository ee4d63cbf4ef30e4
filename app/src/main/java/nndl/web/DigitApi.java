package nndl.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.image.DigitPreprocessor;
import nndl.image.NearestDigits;
import nndl.image.PadDrawing;
import nndl.image.Prediction;
import nndl.math.Kernels;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Network;

/**
 * The JSON API behind the page ({@link DigitServer} decodes images on a pool of their own, so
 * {@link #predict} is called for at most one image per image thread at a time):
 * <ul>
 * <li>{@code POST /api/predict}: an image (PNG, JPEG, GIF or BMP, prepared exactly as {@code nndl
 * predict} prepares a file), or JSON: the pad's drawing {@code {"width", "height", "strokes": [[[x,
 * y], ...], ...], "under": [784 grey levels]?}} ({@link PadDrawing}), {@code {"pixels": [784 grey
 * levels]}}, or {@code {"test_digit": i}} (MNIST's test digit i as it is) → {@code {"digit",
 * "probabilities", "prepared", "hidden", "nearest"}}: the first hidden layer's activations and the
 * nearest digit the network learned from, with whether the drawing is unlike them all
 * ({@link NearestDigits});</li>
 * <li>{@code GET /api/model}: the network's sizes, activations, cost and accuracy;</li>
 * <li>{@code GET /api/samples?count=N[&seed=S]}: N random test digits with their labels and the
 * network's guesses.</li>
 * </ul>
 * Grey levels are MNIST's bytes everywhere: 784 numbers 0-255, row by row, 0 for the paper and 255
 * for full ink. The network read with is the {@link Reader}'s at the time of the request: a saved
 * one, or the lab's as it trains.
 */
final class DigitApi {
    static final int DEFAULT_SAMPLES = 20;
    static final int MAX_SAMPLES = 100;
    /** Hidden activations sent with an answer at most (the page shows the first layer's neurons). */
    static final int MAX_HIDDEN = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND = "send {\"pixels\": [784 grey levels 0-255]}, the pad's {\"width\", \"height\","
            + " \"strokes\"} or {\"test_digit\": i}";

    /** The network the page reads with, and what it knows. */
    interface Reader {
        /** The network now (784 inputs, 10 outputs); it is not changed while it is read. */
        Network network();

        /** The digits the network learned from, to find the nearest to a drawing, or null when not known. */
        NearestDigits known();

        /** {@code GET /api/model}'s answer. */
        ObjectNode model();
    }

    private final Reader reader;
    private final Dataset test;

    /** @param test MNIST's test digits for the samples, or null */
    DigitApi(Reader reader, Dataset test) {
        this.reader = reader;
        this.test = test;
    }

    /**
     * A reader of one saved network, described once (with its accuracy on the test digits, if given).
     *
     * @param info  what its model file says about how it was made (may be empty)
     * @param name  the model file's name, shown on the page
     * @param known the digits it learned from, or null
     */
    static Reader fixed(Network network, Map<String, Object> info, String name, Dataset test, NearestDigits known) {
        Prediction.requireDigitNetwork(network, "the model " + name, "serve");
        ObjectNode model = describe(network, name);
        // As saved by train: right answers on its evaluation data after the last epoch.
        if (info.get("evaluation_correct") instanceof Number correct && info.get("evaluation_total") instanceof Number total) {
            ObjectNode e = model.putObject("saved_evaluation");
            e.put("data", String.valueOf(info.getOrDefault("evaluation", "validation")));
            accuracy(e, correct.intValue(), total.intValue());
        }
        // Measured now on the test digits, which the samples come from.
        if (test != null) {
            network.requireFits(test);
            try (Kernels k = Kernels.create(1)) {
                int[] guesses = network.guesses(test, k);
                int right = 0;
                for (int i = 0; i < guesses.length; i++) {
                    right += guesses[i] == test.label(i) ? 1 : 0;
                }
                accuracy(model.putObject("test"), right, guesses.length);
            }
        }
        model.set("info", JSON.valueToTree(info));
        return new Reader() {
            @Override
            public Network network() {
                return network;
            }

            @Override
            public NearestDigits known() {
                return known;
            }

            @Override
            public ObjectNode model() {
                return model;
            }
        };
    }

    /** What the network makes of a drawing or an image. */
    ObjectNode predict(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        float[] prepared;
        if (type.startsWith("image/")) {
            prepared = DigitPreprocessor.prepare(body, "the image sent");
        } else if (type.equals("application/json")) {
            prepared = fromJson(body);
        } else {
            throw new HttpError(415, "send an image (Content-Type: image/png, image/jpeg, image/gif or image/bmp)"
                    + " or JSON (Content-Type: application/json): the pad's drawing, {\"pixels\": [784 grey levels 0-255]}"
                    + " or {\"test_digit\": i}" + (type.isEmpty() ? "" : ", not " + type));
        }
        Network network = reader.network();
        ObjectNode answer = JSON.valueToTree(Prediction.of(network, prepared)); // digit, probabilities
        answer.set("prepared", levels(prepared));
        if (network.layers().size() > 1) {
            float[] hidden = new Network(List.of(network.layers().get(0)), Cost.QUADRATIC).feedforward(prepared);
            ArrayNode h = answer.putArray("hidden");
            for (int j = 0; j < Math.min(MAX_HIDDEN, hidden.length); j++) {
                h.add(Math.round(hidden[j] * 1000) / 1000.0);
            }
        }
        NearestDigits known = reader.known();
        if (known != null) {
            NearestDigits.Nearest n = known.find(prepared);
            ObjectNode near = answer.putObject("nearest");
            near.put("index", n.index());
            near.put("label", n.label());
            near.put("distance", n.distance());
            near.put("threshold", known.threshold());
            near.put("unlike", n.unlike());
            ArrayNode pixels = near.putArray("pixels");
            for (byte b : known.pixels(n.index())) {
                pixels.add(b & 0xff);
            }
        }
        return answer;
    }

    private float[] fromJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UserException("the body is not valid JSON (" + e.getOriginalMessage().replace('\n', ' ') + "): " + SEND);
        } catch (java.io.IOException e) {
            throw new UserException("cannot read the body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new UserException("the body is empty: " + SEND);
        }
        if (!root.isObject()) {
            throw new UserException("the JSON has no \"pixels\" array: " + SEND);
        }
        if (root.has("test_digit")) {
            UserException.require(test != null, "the server has no test digits: start it with --data DIR");
            JsonNode i = root.get("test_digit");
            UserException.require(i.canConvertToInt() && i.isIntegralNumber() && i.asInt() >= 0 && i.asInt() < test.size(),
                    "\"test_digit\" is " + i + ": give a test digit's index, 0 to " + (test.size() - 1));
            return test.image(i.asInt());
        }
        if (root.has("strokes")) {
            return drawing(root).prepare();
        }
        JsonNode pixels = root.get("pixels");
        UserException.require(pixels != null, "the JSON has no \"pixels\" array: " + SEND);
        return DigitPreprocessor.prepare(greyLevels(pixels, "pixels"), DigitPreprocessor.SIDE, DigitPreprocessor.SIDE);
    }

    /** {"width", "height", "strokes": [[[x, y], ...], ...], "under": [784]?} as a pad drawing. */
    private static PadDrawing drawing(JsonNode root) {
        JsonNode strokes = root.get("strokes");
        UserException.require(strokes.isArray(), "\"strokes\" is a list of strokes, each a list of [x, y] points");
        UserException.require(strokes.size() <= PadDrawing.MAX_STROKES, "the drawing has " + strokes.size()
                + " strokes: at most " + PadDrawing.MAX_STROKES);
        List<float[]> list = new ArrayList<>();
        for (JsonNode stroke : strokes) {
            UserException.require(stroke.isArray() && stroke.size() >= 1 && stroke.size() <= PadDrawing.MAX_POINTS,
                    "each stroke is a list of 1 to " + PadDrawing.MAX_POINTS + " [x, y] points");
            float[] points = new float[2 * stroke.size()];
            for (int i = 0; i < stroke.size(); i++) {
                JsonNode p = stroke.get(i);
                UserException.require(p.isArray() && p.size() == 2 && p.get(0).isNumber() && p.get(1).isNumber(),
                        "a point is [x, y], two numbers: got " + p);
                points[2 * i] = (float) p.get(0).asDouble();
                points[2 * i + 1] = (float) p.get(1).asDouble();
            }
            list.add(points);
        }
        JsonNode w = root.get("width");
        JsonNode h = root.get("height");
        UserException.require(w != null && w.isNumber() && h != null && h.isNumber(),
                "give the pad's \"width\" and \"height\" with its strokes");
        float[] under = root.hasNonNull("under") ? greyLevels(root.get("under"), "under") : null;
        return new PadDrawing(w.asInt(), h.asInt(), list, under);
    }

    /** [784 numbers 0..255] as an ink map 0..1. */
    private static float[] greyLevels(JsonNode pixels, String name) {
        if (!pixels.isArray()) {
            throw new UserException("\"" + name + "\" is not a list: give 784 grey levels 0-255");
        }
        if (pixels.size() != Mnist.PIXELS) {
            throw new UserException("\"" + name + "\" has " + pixels.size() + " numbers: send 784 (28x28, row by row)");
        }
        float[] ink = new float[Mnist.PIXELS];
        for (int i = 0; i < ink.length; i++) {
            JsonNode v = pixels.get(i);
            if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= 255)) {
                throw new UserException("pixel " + i + " is " + v + ": grey levels are numbers from 0 (paper) to 255 (ink)");
            }
            ink[i] = (float) (v.asDouble() / 255);
        }
        return ink;
    }

    private static ArrayNode levels(float[] prepared) {
        ArrayNode levels = JSON.createArrayNode();
        for (float v : prepared) {
            levels.add(Math.round(v * 255));
        }
        return levels;
    }

    /** The network: sizes, activations, cost, and how well it reads digits. */
    ObjectNode model() {
        return reader.model();
    }

    /** {@code count} distinct random test digits (or the same ones again for the same {@code seed}), with the network's guesses now. */
    ObjectNode samples(Map<String, String> query) {
        int count = Query.integer(query, "count", DEFAULT_SAMPLES, 1, MAX_SAMPLES);
        if (test == null) {
            throw new HttpError(404, "the server has no test digits: start it with --data DIR (or run ./nndl download)");
        }
        Network network = reader.network();
        Random random = query.containsKey("seed")
                ? new Random(Query.integer(query, "seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE)) : ThreadLocalRandom.current();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode samples = answer.putArray("samples");
        random.ints(0, test.size()).distinct().limit(Math.min(count, test.size())).forEach(i -> {
            ObjectNode s = samples.addObject();
            s.put("index", i);
            s.put("label", test.label(i));
            s.put("guess", network.predict(test.image(i)));
            ArrayNode pixels = s.putArray("pixels");
            for (byte b : test.imagePixels(i)) {
                pixels.add(b & 0xff);
            }
        });
        return answer;
    }

    /** A network's shape for the page: file (or name), sizes, activations, cost, parameters. */
    static ObjectNode describe(Network network, String name) {
        ObjectNode m = JSON.createObjectNode();
        m.put("file", name);
        int[] sizes = network.sizes();
        ArrayNode sizeArray = m.putArray("sizes");
        for (int s : sizes) {
            sizeArray.add(s);
        }
        Activation hidden = network.hiddenActivation();
        m.put("activation", hidden == null ? null : hidden.id());
        m.put("output", network.outputActivation().id());
        m.put("cost", network.cost().id());
        m.put("parameters", Network.parameters(sizes));
        return m;
    }

    static void accuracy(ObjectNode o, int correct, int total) {
        o.put("correct", correct);
        o.put("total", total);
        o.put("accuracy", total == 0 ? 0 : (double) correct / total);
    }
}

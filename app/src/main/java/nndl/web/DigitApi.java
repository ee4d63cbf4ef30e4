package nndl.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.image.DigitPreprocessor;
import nndl.image.Prediction;
import nndl.math.Kernels;
import nndl.nn.Activation;
import nndl.nn.Network;

/**
 * The JSON API behind the page ({@link DigitServer} decodes images on a pool of their own, so
 * {@link #predict} is called for at most one image per image thread at a time):
 * <ul>
 * <li>{@code POST /api/predict}: an image (PNG, JPEG, GIF or BMP, prepared exactly as {@code nndl
 * predict} prepares a file) or {@code {"pixels": [784 grey levels]}} → {@code {"digit", "probabilities",
 * "prepared"}};</li>
 * <li>{@code GET /api/model}: the network's sizes, activations, cost and accuracy;</li>
 * <li>{@code GET /api/samples?count=N[&seed=S]}: N random test digits with their labels and the
 * network's guesses.</li>
 * </ul>
 * Grey levels are MNIST's bytes everywhere: 784 numbers 0-255, row by row, 0 for the paper and 255
 * for full ink.
 */
final class DigitApi {
    static final int DEFAULT_SAMPLES = 20;
    static final int MAX_SAMPLES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Network network;
    private final Dataset test;
    /** The network's guess for each test digit (null without test digits), worked out once. */
    private final int[] guesses;
    private final ObjectNode model;

    /**
     * @param network a network with 784 inputs and 10 outputs
     * @param info    what its model file says about how it was made (may be empty)
     * @param name    the model file's name, shown on the page
     * @param test    MNIST's test digits for the samples and the accuracy, or null
     */
    DigitApi(Network network, Map<String, Object> info, String name, Dataset test) {
        Prediction.requireDigitNetwork(network, "the model " + name, "serve");
        if (test != null) {
            network.requireFits(test);
        }
        this.network = network;
        this.test = test;
        if (test != null) {
            try (Kernels k = Kernels.create(1)) {
                this.guesses = network.guesses(test, k);
            }
        } else {
            this.guesses = null;
        }
        this.model = describe(network, info, name, test, guesses);
    }

    /** What the network makes of a drawing or an image. */
    ObjectNode predict(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        float[] prepared;
        if (type.startsWith("image/")) {
            prepared = DigitPreprocessor.prepare(body, "the image sent");
        } else if (type.equals("application/json")) {
            prepared = DigitPreprocessor.prepare(greyLevels(body), DigitPreprocessor.SIDE, DigitPreprocessor.SIDE);
        } else {
            throw new HttpError(415, "send an image (Content-Type: image/png, image/jpeg, image/gif or image/bmp)"
                    + " or JSON {\"pixels\": [784 grey levels 0-255]} (Content-Type: application/json)"
                    + (type.isEmpty() ? "" : ", not " + type));
        }
        ObjectNode answer = JSON.valueToTree(Prediction.of(network, prepared)); // digit, probabilities
        ArrayNode levels = answer.putArray("prepared");
        for (float v : prepared) {
            levels.add(Math.round(v * 255));
        }
        return answer;
    }

    /** {"pixels": [784 numbers 0..255]} as an ink map 0..1. */
    private static float[] greyLevels(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UserException("the body is not valid JSON (" + e.getOriginalMessage().replace('\n', ' ')
                    + "): send {\"pixels\": [784 grey levels 0-255]}");
        } catch (java.io.IOException e) {
            throw new UserException("cannot read the body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new UserException("the body is empty: send {\"pixels\": [784 grey levels 0-255]}");
        }
        JsonNode pixels = root.get("pixels");
        if (pixels == null || !pixels.isArray()) {
            throw new UserException("the JSON has no \"pixels\" array: send {\"pixels\": [784 grey levels 0-255]}");
        }
        if (pixels.size() != Mnist.PIXELS) {
            throw new UserException("\"pixels\" has " + pixels.size() + " numbers: send 784 (28x28, row by row)");
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

    /** The network: sizes, activations, cost, and how well it reads digits. */
    ObjectNode model() {
        return model;
    }

    /** {@code count} distinct random test digits (or the same ones again for the same {@code seed}). */
    ObjectNode samples(Map<String, String> query) {
        int count = intParameter(query, "count", DEFAULT_SAMPLES);
        UserException.require(count >= 1 && count <= MAX_SAMPLES, "count must be between 1 and " + MAX_SAMPLES + ", got " + count);
        if (test == null) {
            throw new HttpError(404, "the server has no test digits: start it with --data DIR (or run ./nndl download)");
        }
        Random random = query.containsKey("seed") ? new Random(intParameter(query, "seed", 0)) : ThreadLocalRandom.current();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode samples = answer.putArray("samples");
        random.ints(0, test.size()).distinct().limit(Math.min(count, test.size())).forEach(i -> {
            ObjectNode s = samples.addObject();
            s.put("index", i);
            s.put("label", test.label(i));
            s.put("guess", guesses[i]);
            ArrayNode pixels = s.putArray("pixels");
            for (byte b : test.imagePixels(i)) {
                pixels.add(b & 0xff);
            }
        });
        return answer;
    }

    private static int intParameter(Map<String, String> query, String name, int otherwise) {
        String v = query.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UserException(name + " must be a whole number, not '" + v + "'");
        }
    }

    private static ObjectNode describe(Network network, Map<String, Object> info, String name, Dataset test, int[] guesses) {
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
        long parameters = 0;
        for (int l = 1; l < sizes.length; l++) {
            parameters += (long) sizes[l - 1] * sizes[l] + sizes[l];
        }
        m.put("parameters", parameters);
        // As saved by train: right answers on its evaluation data after the last epoch.
        if (info.get("evaluation_correct") instanceof Number correct && info.get("evaluation_total") instanceof Number total) {
            ObjectNode e = m.putObject("saved_evaluation");
            e.put("data", String.valueOf(info.getOrDefault("evaluation", "validation")));
            accuracy(e, correct.intValue(), total.intValue());
        }
        // Measured now on the test digits, which the samples come from.
        if (test != null) {
            int correct = 0;
            for (int i = 0; i < guesses.length; i++) {
                correct += guesses[i] == test.label(i) ? 1 : 0;
            }
            accuracy(m.putObject("test"), correct, guesses.length);
        }
        m.set("info", JSON.valueToTree(info));
        return m;
    }

    private static void accuracy(ObjectNode o, int correct, int total) {
        o.put("correct", correct);
        o.put("total", total);
        o.put("accuracy", total == 0 ? 0 : (double) correct / total);
    }
}

package nndl.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nndl.UserException;
import nndl.nn.Network;

/**
 * A model file's JSON read as a stream of tokens, so that nothing is allocated beyond what the
 * file's own limits allow: the sizes are checked (overflow, the most parameters, what the file's
 * length can hold) as soon as they are read, every weight and bias is counted as it is read
 * against what the sizes call for, and each must be a finite float. Fields may come in any order
 * (network2.py writes sizes first); those it does not know are skipped.
 */
final class ModelReader {
    /** The fewest bytes a number takes in JSON: a digit and a comma. */
    private static final int MIN_BYTES_PER_NUMBER = 2;
    /** The most layers a network may have. */
    private static final int MAX_LAYERS = 1000;

    private final JsonParser json;
    private final long maxParameters;
    private final long fileBytes;

    int[] sizes;
    String cost;
    String activation;
    String output;
    /** Each layer's weights as rows (one per neuron, as the file has them: the book's w). */
    List<float[][]> weights;
    List<float[]> biases;
    JsonNode info;
    /** How many weights and biases may be read: what the sizes call for, once they are known. */
    private long allowed;
    /** How many have been read. */
    private long read;

    ModelReader(JsonParser json, long maxParameters, long fileBytes) {
        this.json = json;
        this.maxParameters = maxParameters;
        this.fileBytes = fileBytes;
        this.allowed = Math.min(maxParameters, fileBytes / MIN_BYTES_PER_NUMBER);
    }

    /** Reads the whole object; a problem is a {@link Bad} naming it. */
    void read() throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new Bad("it is not a JSON object with sizes, weights, biases and cost");
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "sizes" -> sizes = sizes();
                case "weights" -> weights = layers(true);
                case "biases" -> biases = layers(false).stream().map(ModelReader::column).toList();
                case "cost" -> cost = text(name);
                case "activation" -> activation = text(name);
                case "output" -> output = text(name);
                case "nndl" -> info = json.readValueAsTree();
                default -> json.skipChildren();
            }
        }
    }

    /** The sizes, checked before any layer is read. */
    private int[] sizes() throws IOException {
        require(json.currentToken() == JsonToken.START_ARRAY, "sizes must be a list of whole numbers");
        int[] s = new int[0];
        while (json.nextToken() != JsonToken.END_ARRAY) {
            require(json.currentToken() == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT
                    && json.getIntValue() >= 1, "sizes must be positive whole numbers below 2^31");
            require(s.length < MAX_LAYERS, "sizes list more than " + MAX_LAYERS + " layers");
            s = Arrays.copyOf(s, s.length + 1);
            s[s.length - 1] = json.getIntValue();
        }
        require(s.length >= 2, "sizes must list at least two layers");
        long parameters = Network.parameters(s);
        String has = "sizes " + Arrays.toString(s) + " call for " + (parameters == Long.MAX_VALUE ? "more than 2^63"
                : String.format(Locale.ROOT, "%,d", parameters)) + " weights and biases";
        if (parameters > maxParameters) {
            throw new Bad(String.format(Locale.ROOT, "%s, more than the %,d nndl loads (to load bigger networks,"
                    + " run with -D%s=N and a heap to match, e.g. NNDL_JAVA_OPTS=\"-Xmx8g -D%s=N\")",
                    has, maxParameters, ModelFile.MAX_PARAMETERS_PROPERTY, ModelFile.MAX_PARAMETERS_PROPERTY));
        }
        if (parameters * MIN_BYTES_PER_NUMBER > fileBytes) {
            throw new Bad(String.format(Locale.ROOT, "%s, more than its %,d bytes can hold", has, fileBytes));
        }
        allowed = Math.min(allowed, parameters);
        return s;
    }

    /**
     * A list of layers, each a list of rows of numbers (weights) or of numbers or one-number lists
     * (biases, which network2.py writes as columns), every number counted against what may be read.
     */
    private List<float[][]> layers(boolean matrices) throws IOException {
        String what = matrices ? "weights" : "biases";
        require(json.currentToken() == JsonToken.START_ARRAY, what + " must be a list with one entry per layer");
        List<float[][]> layers = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            require(json.currentToken() == JsonToken.START_ARRAY && layers.size() < MAX_LAYERS,
                    what + " must hold one list per layer");
            List<float[]> rows = new ArrayList<>();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (json.currentToken() == JsonToken.START_ARRAY) {
                    rows.add(numbers(what));
                } else {
                    require(!matrices, "each layer's weights must be a list of rows");
                    rows.add(new float[] {number(what)});
                }
            }
            layers.add(rows.toArray(new float[0][]));
        }
        return layers;
    }

    /** A list of numbers, read into an array grown as they come (never past what may be read). */
    private float[] numbers(String what) throws IOException {
        float[] row = new float[16];
        int n = 0;
        while (json.nextToken() != JsonToken.END_ARRAY) {
            float v = number(what);
            if (n == row.length) {
                row = Arrays.copyOf(row, (int) Math.min(2L * n, Integer.MAX_VALUE - 8));
            }
            row[n++] = v;
        }
        return Arrays.copyOf(row, n);
    }

    /** The number at the current token: a finite float, counted. */
    private float number(String what) throws IOException {
        require(json.currentToken().isNumeric(), "a value of the " + what + " is not a number: "
                + (json.currentToken() == JsonToken.VALUE_STRING ? "\"" + json.getText() + "\"" : json.getText()));
        if (++read > allowed) {
            throw new Bad(sizes != null
                    ? "it holds more weights and biases than its sizes " + Arrays.toString(sizes) + " call for"
                    : String.format(Locale.ROOT, "it holds more than %,d weights and biases", allowed));
        }
        double v = json.getDoubleValue();
        if (!Float.isFinite((float) v)) {
            throw new Bad("one of the " + what + " is " + json.getText() + ", which is not a finite 32-bit float"
                    + " (the network was saved after it diverged, or the file is damaged)");
        }
        return (float) v;
    }

    /** A layer's biases, each a number or a one-number list, as one array. */
    private static float[] column(float[][] rows) {
        float[] out = new float[rows.length];
        for (int j = 0; j < rows.length; j++) {
            require(rows[j].length == 1, "each bias must be a number or a list of one number");
            out[j] = rows[j][0];
        }
        return out;
    }

    private String text(String name) throws IOException {
        require(json.currentToken() == JsonToken.VALUE_STRING, "\"" + name + "\" must be a string");
        return json.getText();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new Bad(problem);
        }
    }

    /** What is wrong with the model in the file, said as "model file F is not a valid model: ...". */
    static final class Bad extends UserException {
        Bad(String problem) {
            super(problem);
        }
    }
}

package nndl.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nndl.UserException;
import nndl.io.AtomicFile;
import nndl.io.BoundedInputStream;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Layer;
import nndl.nn.Network;

/**
 * Model files in the JSON format of the book's network2.py: {@code sizes}, {@code weights}
 * (one n_out × n_in nested list per layer), {@code biases} (one column vector [[b], …] per
 * layer) and {@code cost} ("QuadraticCost", "CrossEntropyCost"; ours also "LogLikelihoodCost").
 * A file saved by network2.py loads here, and one saved here loads in network2.py, which
 * ignores our further fields: {@code activation} and {@code output} (the hidden and output
 * neurons, sigmoid when absent) and {@code nndl} (how the model was trained, for people).
 */
public final class ModelFile {
    /** The most weights and biases a model file may hold unless {@value #MAX_PARAMETERS_PROPERTY} says otherwise. */
    public static final long MAX_PARAMETERS = 25_000_000L;
    /** The system property that overrides {@link #MAX_PARAMETERS}. */
    public static final String MAX_PARAMETERS_PROPERTY = "nndl.max-parameters";
    /** Bytes a number may take in the file, with its separator and indentation: the file's length limit per parameter. */
    private static final long MAX_BYTES_PER_NUMBER = 64;

    /**
     * JSON within limits that a model file never needs more of: nesting 32 deep (a model's is 4),
     * numbers of 100 characters (a double needs 24), strings of 10,000; NaN and Infinity, which
     * Python's json writes, are read so that they can be refused by name.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32).maxNumberLength(100).maxStringLength(10_000).maxNameLength(1000).build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build());

    private ModelFile() {
    }

    /** A network and what its file says about how it was made (empty when nothing). */
    public record Saved(Network network, Map<String, Object> info) {
    }

    public static void save(Network network, Path file) {
        save(network, Map.of(), file);
    }

    /** Writes the network, with {@code info} under "nndl", atomically. */
    public static void save(Network network, Map<String, ?> info, Path file) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode sizes = root.putArray("sizes");
        for (int s : network.sizes()) {
            sizes.add(s);
        }
        ArrayNode weights = root.putArray("weights");
        ArrayNode biases = root.putArray("biases");
        for (Layer layer : network.layers()) {
            ArrayNode w = weights.addArray();
            for (int j = 0; j < layer.neurons(); j++) {
                ArrayNode row = w.addArray();
                for (int k = 0; k < layer.inputs(); k++) {
                    row.add(layer.weight(j, k));
                }
            }
            ArrayNode b = biases.addArray();
            for (float bias : layer.biases) {
                b.addArray().add(bias);
            }
        }
        root.put("cost", network.cost().modelName());
        Activation hidden = network.hiddenActivation();
        root.put("activation", (hidden != null ? hidden : Activation.SIGMOID).id());
        root.put("output", network.outputActivation().id());
        if (!info.isEmpty()) {
            root.set("nndl", JSON.valueToTree(info));
        }
        AtomicFile.write(file, out -> JSON.writeValue(out, root));
    }

    public static Network load(Path file) {
        return read(file).network();
    }

    /**
     * Reads a model file, checking it before anything is allocated: its length, the JSON's depth
     * and the length of its numbers and strings, the sizes against {@link #maxParameters()}, every
     * weight and bias (counted as read, each a finite float), the shapes against the sizes, and the
     * "nndl" block. Every problem is one line.
     */
    public static Saved read(Path file) {
        long maxParameters = maxParameters();
        long maxBytes = maxParameters * MAX_BYTES_PER_NUMBER + (1 << 20);
        try {
            UserException.require(!Files.isDirectory(file), "model file " + file + " is a folder: give a model's JSON file");
            boolean regular = Files.isRegularFile(file);
            long length = regular ? Files.size(file) : maxBytes;
            if (length > maxBytes) {
                throw new ModelReader.Bad(String.format(Locale.ROOT, "it is %,d bytes, more than a model of %,d weights"
                        + " and biases takes (to load bigger networks, run with -D%s=N)", length, maxParameters, MAX_PARAMETERS_PROPERTY));
            }
            // Bounded, for what is not a regular file (a pipe, a device): it may never end.
            try (InputStream in = new BoundedInputStream(Files.newInputStream(file), maxBytes);
                 JsonParser json = JSON.createParser(in)) {
                ModelReader model = new ModelReader(json, maxParameters, length);
                model.read();
                return build(model);
            }
        } catch (ModelReader.Bad e) {
            throw bad(file, e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UserException("model file " + file + " does not exist: train one with ./nndl train --save " + file);
        } catch (StreamConstraintsException e) {
            throw bad(file, "its JSON goes past nndl's limits: "
                    + e.getOriginalMessage().replaceAll(", from `StreamReadConstraints[^`]*`", ""));
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new UserException("model file " + file + " is not valid JSON"
                    + (where != null && where.getLineNr() > 0 ? " (line " + where.getLineNr() + ")" : "")
                    + ": give a model saved by nndl or network2.py");
        } catch (IOException e) {
            throw new UserException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The most weights and biases a model file may hold: {@link #MAX_PARAMETERS}, or the system
     * property {@value #MAX_PARAMETERS_PROPERTY} for people who train bigger networks.
     */
    public static long maxParameters() {
        String given = System.getProperty(MAX_PARAMETERS_PROPERTY);
        if (given == null) {
            return MAX_PARAMETERS;
        }
        try {
            long n = Long.parseLong(given.trim().replace("_", ""));
            if (n >= 1 && n <= Long.MAX_VALUE / MAX_BYTES_PER_NUMBER / 2) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UserException("-D" + MAX_PARAMETERS_PROPERTY + "=" + given + " is not a positive whole number of parameters");
    }

    /** The network the reader read, its shapes checked against its sizes. */
    private static Saved build(ModelReader model) {
        int[] sizes = model.sizes;
        require(sizes != null, "it has no \"sizes\"");
        require(model.weights != null, "it has no \"weights\"");
        require(model.biases != null, "it has no \"biases\"");
        Cost cost = parseCost(model.cost != null ? model.cost : "QuadraticCost");
        Activation hidden = parseActivation(model.activation != null ? model.activation : "sigmoid");
        Activation output = parseActivation(model.output != null ? model.output : "sigmoid");
        int layerCount = sizes.length - 1;
        require(model.weights.size() == layerCount && model.biases.size() == layerCount,
                "sizes " + Arrays.toString(sizes) + " call for " + layerCount + " weight matrices and bias vectors");
        Map<String, Object> info = ModelInfo.check(model.info);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[][] w = model.weights.get(l);
            float[] b = model.biases.get(l);
            require(w.length == out && b.length == out,
                    "layer " + (l + 1) + " must have " + out + " rows of weights and " + out + " biases");
            Layer layer = new Layer(in, out, l == layerCount - 1 ? output : hidden);
            for (int j = 0; j < out; j++) {
                require(w[j].length == in, "row " + j + " of the weights of layer " + (l + 1) + " must have " + in + " numbers");
                for (int k = 0; k < in; k++) {
                    layer.setWeight(j, k, w[j][k]);
                }
                layer.biases[j] = b[j];
            }
            layers.add(layer);
        }
        try {
            return new Saved(new Network(layers, cost), info);
        } catch (UserException e) {
            throw new ModelReader.Bad(e.getMessage());
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new ModelReader.Bad(problem);
        }
    }

    private static Cost parseCost(String name) {
        try {
            return Cost.parse(name);
        } catch (UserException e) {
            throw new ModelReader.Bad("unknown cost \"" + name + "\"");
        }
    }

    private static Activation parseActivation(String name) {
        try {
            return Activation.parse(name);
        } catch (UserException e) {
            throw new ModelReader.Bad("unknown activation \"" + name + "\"");
        }
    }

    private static UserException bad(Path file, String problem) {
        return new UserException("model file " + file + " is not a valid model: " + problem);
    }
}

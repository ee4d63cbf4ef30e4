package nndl.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nndl.UserException;
import nndl.io.AtomicFile;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Reads a model file, checking that its shapes agree with its sizes. */
    public static Saved read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new UserException("model file " + file + " does not exist: train one with ./nndl train --save " + file);
        } catch (JsonProcessingException e) {
            throw new UserException("model file " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + "): give a model saved by nndl or network2.py");
        } catch (IOException e) {
            throw new UserException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "it is not a JSON object with sizes, weights, biases and cost");
        }
        int[] sizes = intArray(file, field(file, root, "sizes"));
        if (sizes.length < 2) {
            throw bad(file, "sizes must list at least two layers");
        }
        Cost cost = parseCost(file, root.path("cost").asText("QuadraticCost"));
        Activation hidden = parseActivation(file, root.path("activation").asText("sigmoid"));
        Activation output = parseActivation(file, root.path("output").asText("sigmoid"));
        JsonNode weights = field(file, root, "weights");
        JsonNode biases = field(file, root, "biases");
        int layerCount = sizes.length - 1;
        if (!weights.isArray() || weights.size() != layerCount || !biases.isArray() || biases.size() != layerCount) {
            throw bad(file, "sizes " + java.util.Arrays.toString(sizes) + " call for " + layerCount
                    + " weight matrices and bias vectors");
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            Layer layer = new Layer(in, out, l == layerCount - 1 ? output : hidden);
            JsonNode w = weights.get(l);
            JsonNode b = biases.get(l);
            if (!w.isArray() || w.size() != out || !b.isArray() || b.size() != out) {
                throw bad(file, "layer " + (l + 1) + " must have " + out + " rows of weights and " + out + " biases");
            }
            for (int j = 0; j < out; j++) {
                JsonNode row = w.get(j);
                if (!row.isArray() || row.size() != in) {
                    throw bad(file, "row " + j + " of the weights of layer " + (l + 1) + " must have " + in + " numbers");
                }
                for (int k = 0; k < in; k++) {
                    layer.setWeight(j, k, number(file, row.get(k)));
                }
                JsonNode bias = b.get(j);
                layer.biases[j] = number(file, bias.isArray() && bias.size() == 1 ? bias.get(0) : bias);
            }
            layers.add(layer);
        }
        Map<String, Object> info = root.has("nndl")
                ? JSON.convertValue(root.get("nndl"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class))
                : Map.of();
        try {
            return new Saved(new Network(layers, cost), info);
        } catch (UserException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static JsonNode field(Path file, JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null) {
            throw bad(file, "it has no \"" + name + "\"");
        }
        return node;
    }

    private static int[] intArray(Path file, JsonNode node) {
        if (!node.isArray()) {
            throw bad(file, "sizes must be a list of whole numbers");
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).canConvertToInt() || node.get(i).asInt() < 1) {
                throw bad(file, "sizes must be positive whole numbers");
            }
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    private static float number(Path file, JsonNode node) {
        if (node == null || !node.isNumber()) {
            throw bad(file, "a weight or bias is not a number");
        }
        return (float) node.asDouble();
    }

    private static Cost parseCost(Path file, String name) {
        try {
            return Cost.parse(name);
        } catch (UserException e) {
            throw bad(file, "unknown cost \"" + name + "\"");
        }
    }

    private static Activation parseActivation(Path file, String name) {
        try {
            return Activation.parse(name);
        } catch (UserException e) {
            throw bad(file, "unknown activation \"" + name + "\"");
        }
    }

    private static UserException bad(Path file, String problem) {
        return new UserException("model file " + file + " is not a valid model: " + problem);
    }
}

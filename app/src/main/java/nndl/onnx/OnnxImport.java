package nndl.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nndl.UserException;
import nndl.model.ModelFile;
import nndl.model.ModelInfo;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Layer;
import nndl.nn.Network;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;

/**
 * Reads a fully connected network from an ONNX model file, whoever wrote it (the graph is read by
 * {@link LayerChain}). ONNX says nothing of a cost: the model's metadata property {@code cost}
 * gives it when nndl wrote the file; otherwise a softmax output gets the log-likelihood cost (the
 * book's pairing, chapter 3) and any other output the quadratic cost (chapter 1's). The metadata
 * properties {@code nndl.KEY} become the model file's "nndl" object; a file from another tool
 * records its producer there as {@code imported_from}.
 */
public final class OnnxImport {
    /**
     * A file may take this many bytes per weight or bias nndl loads ({@link ModelFile#maxParameters()}):
     * a float in {@code float_data} written unpacked takes a tag and 4 bytes. Larger files are
     * refused before they are read.
     */
    static final long BYTES_PER_PARAMETER = 5;
    /** And this many for the graph's nodes and names and the metadata. */
    static final long BYTES_BESIDE_PARAMETERS = 4L << 20;
    /** The oldest operator set read: version 7 (2018) gave Gemm and Add today's broadcasting. */
    static final long OLDEST_OPSET = 7;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxImport() {
    }

    /** The network in an ONNX model file, and what its metadata says about how it was made. */
    public static ModelFile.Saved read(Path file) {
        String where = "cannot read the ONNX model " + file;
        long maxParameters = ModelFile.maxParameters();
        return read(parse(file, where, maxParameters), where, maxParameters);
    }

    /**
     * The network in an ONNX model; {@code where} begins the message of a refusal, and a network
     * of more than {@code maxParameters} weights and biases is refused.
     */
    static ModelFile.Saved read(ModelProto model, String where, long maxParameters) {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new UserException(where + ": it holds no graph of nodes: give a model exported to ONNX");
        }
        long opset = opset(model, where);
        List<Layer> layers = LayerChain.read(model.getGraph(), opset, maxParameters, where);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        Cost cost = cost(metadata, layers.get(layers.size() - 1).activation, where);
        ObjectNode block = JSON.createObjectNode();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().startsWith(OnnxExport.INFO_PREFIX)) {
                block.set(e.getKey().substring(OnnxExport.INFO_PREFIX.length()), jsonValue(e.getValue()));
            }
        }
        if (!model.getProducerName().isEmpty() && !model.getProducerName().equals(OnnxExport.PRODUCER)) {
            block.put("imported_from", (model.getProducerName() + " " + model.getProducerVersion()).trim());
        }
        Map<String, Object> info;
        try {
            info = ModelInfo.check(block); // as a model file's "nndl" block is checked, so the file import writes loads
        } catch (UserException e) {
            throw new UserException(where + ": its metadata: " + e.getMessage(), e);
        }
        try {
            return new ModelFile.Saved(new Network(layers, cost), info);
        } catch (UserException e) {
            throw new UserException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file as a ModelProto, no longer than a model of {@code maxParameters} takes: a regular
     * file's length is checked before it is read, anything else (a pipe, a device) is read only so far.
     */
    static ModelProto parse(Path file, String where, long maxParameters) {
        // The largest array a JVM makes, and about protobuf's own limit of 2 GB, bounds it too.
        long maxBytes = Math.min(maxParameters * BYTES_PER_PARAMETER + BYTES_BESIDE_PARAMETERS, Integer.MAX_VALUE - 8);
        String tooLong = String.format(Locale.ROOT, " bytes, more than a model of %,d weights and biases takes (to load bigger"
                + " networks, run with -D%s=N)", maxParameters, ModelFile.MAX_PARAMETERS_PROPERTY);
        byte[] bytes;
        try {
            UserException.require(!Files.isDirectory(file), "model file " + file + " is a folder: give an ONNX model file");
            if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
                throw new UserException(where + ": it is " + String.format(Locale.ROOT, "%,d", Files.size(file)) + tooLong);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) maxBytes + 1);
            }
            if (bytes.length > maxBytes) {
                throw new UserException(where + ": it goes on past " + String.format(Locale.ROOT, "%,d", maxBytes) + tooLong);
            }
        } catch (NoSuchFileException e) {
            throw new UserException("model file " + file + " does not exist: export one with ./nndl export --model MODEL.json --out " + file);
        } catch (IOException e) {
            throw new UserException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        try {
            return ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UserException(where + ": it is not a complete ONNX file (its protobuf data "
                    + (e.getMessage() != null && e.getMessage().contains("ended unexpectedly") ? "stops part-way" : "is damaged")
                    + "): export the model again", e);
        }
    }

    /** The version of ONNX's own operator set that the model uses. */
    private static long opset(ModelProto model, String where) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (o.getVersion() < OLDEST_OPSET) {
                    throw new UserException(where + ": it uses ONNX operator set " + o.getVersion() + ", older than "
                            + OLDEST_OPSET + ": export it with a newer opset");
                }
                return o.getVersion();
            }
        }
        throw new UserException(where + ": it names no version of ONNX's operator set (opset_import): give a model"
                + " exported to ONNX");
    }

    private static Cost cost(Map<String, String> metadata, Activation output, String where) {
        String named = metadata.get(OnnxExport.COST_KEY);
        if (named == null) {
            return output == Activation.SOFTMAX ? Cost.LOG_LIKELIHOOD : Cost.QUADRATIC;
        }
        try {
            return Cost.parse(named);
        } catch (UserException e) {
            throw new UserException(where + ": its metadata names the cost \"" + named
                    + "\", which nndl does not know (QuadraticCost, CrossEntropyCost or LogLikelihoodCost)", e);
        }
    }

    /** A metadata value as written by OnnxExport (JSON); anything else is kept as the text it is. */
    private static JsonNode jsonValue(String text) {
        try {
            JsonNode value = JSON.readTree(text);
            return value != null && !value.isMissingNode() ? value : TextNode.valueOf(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}

package nndl.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nndl.UserException;
import nndl.model.ModelFile;
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
     * Files larger than this are refused before they are read: 32 million weights, 50 times the
     * largest network nndl trains (the best preset's [784, 800, 10]).
     */
    static final long MAX_BYTES = 128L << 20;
    /** The oldest operator set read: version 7 (2018) gave Gemm and Add today's broadcasting. */
    static final long OLDEST_OPSET = 7;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxImport() {
    }

    /** The network in an ONNX model file, and what its metadata says about how it was made. */
    public static ModelFile.Saved read(Path file) {
        String where = "cannot read the ONNX model " + file;
        return read(parse(file, where), where);
    }

    /** The network in an ONNX model; {@code where} begins the message of a refusal. */
    static ModelFile.Saved read(ModelProto model, String where) {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new UserException(where + ": it holds no graph of nodes: give a model exported to ONNX");
        }
        long opset = opset(model, where);
        List<Layer> layers = LayerChain.read(model.getGraph(), opset, where);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        Cost cost = cost(metadata, layers.get(layers.size() - 1).activation, where);
        Map<String, Object> info = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().startsWith(OnnxExport.INFO_PREFIX)) {
                info.put(e.getKey().substring(OnnxExport.INFO_PREFIX.length()), jsonValue(e.getValue()));
            }
        }
        if (!model.getProducerName().isEmpty() && !model.getProducerName().equals(OnnxExport.PRODUCER)) {
            info.put("imported_from", (model.getProducerName() + " " + model.getProducerVersion()).trim());
        }
        try {
            return new ModelFile.Saved(new Network(layers, cost), info);
        } catch (UserException e) {
            throw new UserException(where + ": " + e.getMessage(), e);
        }
    }

    /** The file as a ModelProto; its size checked before it is read. */
    private static ModelProto parse(Path file, String where) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new UserException(where + ": it is " + (size >> 20) + " MB, more than the " + (MAX_BYTES >> 20)
                        + " MB nndl reads (32 million weights)");
            }
            bytes = Files.readAllBytes(file);
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
    private static Object jsonValue(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}

package nndl.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nndl.io.AtomicFile;
import nndl.nn.Activation;
import nndl.nn.Layer;
import nndl.nn.Network;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * A network as an ONNX model: a float input {@code [N, n_in]} (the batch N left open), for each
 * layer a {@code Gemm} computing z = w a + b (book eq. 25 before σ) and the layer's activation,
 * and the output {@code [N, n_out]}. Each weight matrix is stored as the book's w, n_out × n_in
 * (as PyTorch stores a Linear layer's), so the Gemm takes it with {@code transB = 1}.
 *
 * <p>The model's metadata properties say what the model file says: {@code cost} (its name in
 * model files, e.g. "CrossEntropyCost") and, for each entry of the file's "nndl" object (how it
 * was trained and the accuracy recorded when it was saved), {@code nndl.KEY} with the value as
 * JSON. {@link OnnxImport} reads them back, so export then import gives the same model file.
 */
public final class OnnxExport {
    /** ONNX IR version 7 and operator set 13 (2020): Softmax over one axis, read by every current runtime. */
    public static final int IR_VERSION = 7;
    public static final int OPSET = 13;
    /** The names of the graph's input ([N, 784]) and output ([N, 10]) tensors. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    static final String COST_KEY = "cost";
    static final String INFO_PREFIX = "nndl.";
    static final String PRODUCER = "nndl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExport() {
    }

    /** Writes the network, with {@code info} (may be empty) in its metadata, to {@code file} atomically. */
    public static void save(Network network, Map<String, ?> info, String nndlVersion, Path file) {
        ModelProto model = toOnnx(network, info, nndlVersion);
        AtomicFile.write(file, model::writeTo);
    }

    /** The ONNX model of a network. */
    public static ModelProto toOnnx(Network network, Map<String, ?> info, String nndlVersion) {
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("nndl " + Arrays.toString(network.sizes()))
                .addInput(floatMatrix(INPUT, network.inputs()))
                .addOutput(floatMatrix(OUTPUT, network.outputs()));
        List<Layer> layers = network.layers();
        String a = INPUT;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            String name = "layer" + (l + 1);
            String z = name + ".z";
            String out = l == layers.size() - 1 ? OUTPUT : name + ".a";
            graph.addInitializer(Tensors.of(name + ".weight", bookWeights(layer), layer.neurons(), layer.inputs()));
            graph.addInitializer(Tensors.of(name + ".bias", layer.biases, layer.neurons()));
            graph.addNode(NodeProto.newBuilder()
                    .setName(name + ".gemm").setOpType("Gemm")
                    .addInput(a).addInput(name + ".weight").addInput(name + ".bias").addOutput(z)
                    .addAttribute(intAttribute("transB", 1))
                    .setDocString("z = w a + b, w stored n_out x n_in as in the book"));
            NodeProto.Builder activation = NodeProto.newBuilder()
                    .setName(name + "." + layer.activation.id()).setOpType(opType(layer.activation))
                    .addInput(z).addOutput(out);
            if (layer.activation == Activation.SOFTMAX) {
                activation.addAttribute(intAttribute("axis", 1));
            }
            graph.addNode(activation);
            a = out;
        }
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setProducerVersion(nndlVersion)
                .setDocString(describe(network, info))
                .setGraph(graph);
        model.addMetadataProps(entry(COST_KEY, network.cost().modelName()));
        for (Map.Entry<String, ?> e : info.entrySet()) {
            model.addMetadataProps(entry(INFO_PREFIX + e.getKey(), json(e.getValue())));
        }
        return model.build();
    }

    /** The ONNX operator of an activation: Sigmoid, Tanh, Relu, Softmax. */
    static String opType(Activation activation) {
        String id = activation.id();
        return id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
    }

    /** The book's w of a layer, n_out × n_in in row-major order (nndl holds its transpose). */
    private static float[] bookWeights(Layer layer) {
        float[] w = new float[layer.neurons() * layer.inputs()];
        for (int j = 0; j < layer.neurons(); j++) {
            for (int k = 0; k < layer.inputs(); k++) {
                w[j * layer.inputs() + k] = layer.weight(j, k);
            }
        }
        return w;
    }

    /** A float tensor of shape [N, width], N symbolic: one example per row. */
    private static ValueInfoProto floatMatrix(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** One line for people and model viewers: the shape, the neurons, the cost and the accuracy recorded. */
    private static String describe(Network network, Map<String, ?> info) {
        Activation hidden = network.hiddenActivation();
        StringBuilder s = new StringBuilder("A network " + Arrays.toString(network.sizes()) + " made with nndl: "
                + (hidden != null ? hidden.id() + " hidden layers, " : "")
                + network.outputActivation().id() + " output, " + network.cost().id() + " cost");
        if (info.get("evaluation_correct") instanceof Number correct && info.get("evaluation_total") instanceof Number total
                && total.intValue() > 0) {
            s.append(String.format(Locale.ROOT, "; %d / %d (%.2f%%) right on %s data when saved",
                    correct.intValue(), total.intValue(), 100.0 * correct.doubleValue() / total.doubleValue(),
                    info.containsKey("evaluation") ? info.get("evaluation") : "evaluation"));
        }
        return s.toString();
    }
}

package nndl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import nndl.UserException;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Layer;
import nndl.nn.Network;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * The forms of a fully connected layer that other exporters write all come in as the same
 * network, bit for bit; and each graph nndl cannot take is refused naming its first node that
 * does not fit. The graphs are nndl's own export of a known network, rewritten.
 */
class LayerChainTest {
    static final String WHERE = "cannot read the ONNX model m.onnx";

    /** [784, 20, 15, 10], sigmoid: nodes 1-6 are layer1.gemm, layer1.sigmoid, layer2.gemm, layer2.sigmoid, layer3.gemm, layer3.sigmoid. */
    static final Network NETWORK = new Network(new int[] {784, 20, 15, 10}, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY)
            .initialize(Initializer.DEFAULT, new Random(5));
    static final ModelProto EXPORTED = OnnxExport.toOnnx(NETWORK, Map.of(), "test");

    static Network imported(ModelProto model) {
        return OnnxImport.read(model, WHERE, ModelFile.MAX_PARAMETERS).network();
    }

    static ModelProto edited(Consumer<GraphProto.Builder> change) {
        return Graphs.edit(EXPORTED, change);
    }

    static String refusal(ModelProto model) {
        return assertThrows(UserException.class, () -> imported(model)).getMessage();
    }

    /** The export changed by {@code change} is refused with "cannot read the ONNX model m.onnx: " and {@code problem}. */
    static void assertRefused(String problem, Consumer<GraphProto.Builder> change) {
        assertEquals(WHERE + ": " + problem, refusal(edited(change)));
    }

    @Test
    void nndlsOwnExportComesBackBitForBit() {
        Bits.assertSame(NETWORK, imported(EXPORTED));
    }

    /** Gemm without transB (weights n_in × n_out), α = 2 with the weights halved, β = 0.5 with the biases doubled: exact in float. */
    @Test
    void gemmWithoutTransposeAndWithAlphaAndBeta() {
        ModelProto model = edited(g -> {
            for (int l = 0; l < 3; l++) {
                Layer layer = NETWORK.layers().get(l);
                float[] w = new float[layer.weights.data.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = layer.weights.data[i] / 2; // nndl's own n_in × n_out order
                }
                float[] b = new float[layer.biases.length];
                for (int j = 0; j < b.length; j++) {
                    b[j] = layer.biases[j] * 2;
                }
                g.setInitializer(2 * l, Tensors.of("layer" + (l + 1) + ".weight", w, layer.inputs(), layer.neurons()));
                g.setInitializer(2 * l + 1, Tensors.of("layer" + (l + 1) + ".bias", b, 1, layer.neurons()));
                g.setNode(2 * l, NodeProto.newBuilder(g.getNode(2 * l)).clearAttribute()
                        .addAttribute(floatAttribute("alpha", 2f)).addAttribute(floatAttribute("beta", 0.5f)));
            }
        });
        Bits.assertSame(NETWORK, imported(model));
    }

    /** Each Gemm as MatMul(x, W) then Add(b, ·), weights in Constant nodes, Identity and Flatten between, float_data. */
    @Test
    void matMulAddConstantsIdentityAndFlatten() {
        ModelProto model = edited(g -> {
            List<NodeProto> nodes = List.copyOf(g.getNodeList());
            g.clearNode().clearInitializer();
            g.addNode(NodeProto.newBuilder().setOpType("Flatten").addInput("input").addOutput("flat")
                    .addAttribute(intAttribute("axis", 1)));
            String x = "flat";
            for (int l = 0; l < 3; l++) {
                Layer layer = NETWORK.layers().get(l);
                String name = "l" + l;
                g.addNode(constant(name + ".w", floatData(layer.weights.data, layer.inputs(), layer.neurons())));
                g.addNode(constant(name + ".b", floatData(layer.biases, layer.neurons())));
                g.addNode(NodeProto.newBuilder().setOpType("MatMul").addInput(x).addInput(name + ".w").addOutput(name + ".xw"));
                g.addNode(NodeProto.newBuilder().setOpType("Add").addInput(name + ".b").addInput(name + ".xw").addOutput(name + ".z"));
                g.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(name + ".z").addOutput(name + ".z2"));
                NodeProto activation = nodes.get(2 * l + 1);
                g.addNode(activation.toBuilder().setInput(0, name + ".z2"));
                x = activation.getOutput(0);
            }
        });
        Bits.assertSame(NETWORK, imported(model));
    }

    /** A Gemm without C, its biases in an Add after it; and one bias for all neurons (C of one value) broadcast. */
    @Test
    void biasesInAnAddAfterTheGemmOrBroadcast() {
        ModelProto model = edited(g -> {
            g.setNode(0, g.getNode(0).toBuilder().clearInput().addInput("input").addInput("layer1.weight").setOutput(0, "xw"));
            g.addNode(1, NodeProto.newBuilder().setOpType("Add").addInput("xw").addInput("layer1.bias").addOutput("layer1.z"));
        });
        Bits.assertSame(NETWORK, imported(model));

        Network broadcast = imported(edited(g -> g.setInitializer(1, Tensors.of("layer1.bias", new float[] {0.25f}))));
        for (float b : broadcast.layers().get(0).biases) {
            assertEquals(0.25f, b);
        }
    }

    @Test
    void softmaxOnTheLastAxisOnly() {
        Network net = new Network(new int[] {784, 10}, Activation.SIGMOID, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD)
                .initialize(Initializer.DEFAULT, new Random(1));
        ModelProto model = OnnxExport.toOnnx(net, Map.of(), "test");
        Bits.assertSame(net, imported(model));
        ModelProto axis0 = Graphs.edit(model, g -> g.setNode(1, g.getNode(1).toBuilder().setAttribute(0, intAttribute("axis", 0))));
        assertEquals(WHERE + ": node 2 \"layer1.softmax\" (Softmax) takes the softmax over axis 0 of a tensor of shape [N, 10],"
                + " not over the layer's neurons (the last axis)", refusal(axis0));
        ModelProto defaultAxis = Graphs.edit(model, g -> g.setNode(1, g.getNode(1).toBuilder().clearAttribute()));
        Bits.assertSame(net, imported(defaultAxis));
        ModelProto opset11 = defaultAxis.toBuilder().setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(11)).build();
        Bits.assertSame(net, imported(opset11));
    }

    @Test
    void aLastLayerWithoutActivation() {
        assertRefused("node 5 \"layer3.gemm\" (Gemm) ends the graph with no activation after it: each of nndl's layers"
                + " ends in Sigmoid, Tanh, Relu or Softmax (add a Softmax, for example, before exporting)",
                g -> {
                    g.removeNode(5);
                    g.setOutput(0, g.getOutput(0).toBuilder().setName("layer3.z"));
                });
    }

    @Test
    void twoLayersWithoutActivationBetween() {
        assertRefused("node 2 \"layer2.gemm\" (Gemm) follows node 1 \"layer1.gemm\" (Gemm) with no activation between"
                + " them: each of nndl's layers ends in Sigmoid, Tanh, Relu or Softmax",
                g -> {
                    g.removeNode(1);
                    g.setNode(1, g.getNode(1).toBuilder().setInput(0, "layer1.z"));
                });
    }

    @Test
    void softmaxOnAHiddenLayer() {
        assertRefused("node 2 \"layer1.sigmoid\" (Softmax) is a softmax on a hidden layer: nndl puts softmax on the output"
                + " layer only",
                g -> g.setNode(1, g.getNode(1).toBuilder().setOpType("Softmax")));
    }

    @Test
    void hiddenLayersWithDifferentActivations() {
        assertRefused("node 4 \"layer2.sigmoid\" (Tanh) gives a hidden layer Tanh where the first has Sigmoid: nndl's"
                + " hidden layers share one activation",
                g -> g.setNode(3, g.getNode(3).toBuilder().setOpType("Tanh")));
    }

    @Test
    void aNodeThatSkipsBack() {
        assertRefused("node 4 \"layer2.sigmoid\" (Sigmoid) does not take \"layer2.z\", the output of the step before it:"
                + " nndl imports a single chain of layers, each taking the output of the one before",
                g -> g.setNode(3, g.getNode(3).toBuilder().setInput(0, "layer1.z")));
    }

    @Test
    void aSkipConnection() {
        assertRefused("node 4 \"skip\" (Add) adds something other than a layer's biases: nndl imports an Add only right"
                + " after a MatMul (or a Gemm without biases)",
                g -> {
                    g.setNode(2, g.getNode(2).toBuilder().setOutput(0, "layer2.xw"));
                    g.addNode(3, NodeProto.newBuilder().setName("skip").setOpType("Add").addInput("layer2.xw").addInput("layer1.a")
                            .addOutput("layer2.z"));
                });
    }

    @Test
    void otherOperatorsAndDomains() {
        assertRefused("node 2 \"layer1.sigmoid\" (LeakyRelu) is not part of a fully connected network: nndl imports"
                + " layers made of a Gemm (or a MatMul and an Add) and then Sigmoid, Tanh, Relu or Softmax, with Flatten or"
                + " Identity between",
                g -> g.setNode(1, g.getNode(1).toBuilder().setOpType("LeakyRelu")));
        assertRefused("node 2 \"layer1.sigmoid\" (Sigmoid) is an operator of the \"com.microsoft\" domain, not of ONNX's"
                + " standard set: nndl imports fully connected networks made of standard operators",
                g -> g.setNode(1, g.getNode(1).toBuilder().setDomain("com.microsoft")));
        assertRefused("node 1 \"layer1.gemm\" (Gemm) transposes its input (transA): nndl's layers take one example per row",
                g -> g.setNode(0, g.getNode(0).toBuilder().addAttribute(intAttribute("transA", 1))));
    }

    @Test
    void inputsThatDoNotFit() {
        assertRefused("its graph has 2 inputs [input, mask]: nndl imports a network with one input, the image",
                g -> g.addInput(g.getInput(0).toBuilder().setName("mask")));
        assertRefused("node 1 \"layer1.gemm\" (Gemm) takes 784 inputs but gets 783 per example from the graph's input"
                + " [N, 783]",
                g -> {
                    var type = g.getInput(0).getType().toBuilder();
                    var tensor = type.getTensorType().toBuilder();
                    tensor.setShape(tensor.getShape().toBuilder().setDim(1, tensor.getShape().getDim(1).toBuilder().setDimValue(783)));
                    g.setInput(0, g.getInput(0).toBuilder().setType(type.setTensorType(tensor)));
                });
        assertRefused("its graph has 2 inputs [input, layer1.weight]: nndl imports a network with one input, the image",
                g -> {
                    g.removeInitializer(0);
                    g.addInput(g.getInput(0).toBuilder().setName("layer1.weight"));
                });
    }

    @Test
    void tensorsThatCannotBeRead() {
        TensorProto w = EXPORTED.getGraph().getInitializer(0);
        assertRefused("node 1 \"layer1.gemm\" (Gemm) has a tensor \"layer1.weight\" that keeps its values in another file:"
                + " save the model with its weights inside it",
                g -> g.setInitializer(0, w.toBuilder().setDataLocation(TensorProto.DataLocation.EXTERNAL)));
        assertRefused("node 1 \"layer1.gemm\" (Gemm) has a tensor \"layer1.weight\" that is not float32 (ONNX data type 11):"
                + " nndl's weights are float32; export the model in float32",
                g -> g.setInitializer(0, w.toBuilder().setDataType(TensorProto.DataType.DOUBLE_VALUE)));
        ByteString raw = w.getRawData();
        assertRefused("node 1 \"layer1.gemm\" (Gemm) has a tensor \"layer1.weight\" that should hold 15680 values but holds"
                + " 15679: the file is damaged",
                g -> g.setInitializer(0, w.toBuilder().setRawData(raw.substring(0, raw.size() - 4))));
    }

    @Test
    void modelsWithoutAGraphOrWithAnOldOpset() {
        assertEquals(WHERE + ": it holds no graph of nodes: give a model exported to ONNX",
                refusal(EXPORTED.toBuilder().clearGraph().build()));
        assertEquals(WHERE + ": it uses ONNX operator set 6, older than 7: export it with a newer opset",
                refusal(EXPORTED.toBuilder().setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(6)).build()));
        assertEquals(WHERE + ": it names no version of ONNX's operator set (opset_import): give a model exported to ONNX",
                refusal(EXPORTED.toBuilder().clearOpsetImport().build()));
    }

    /** [784, 20, 15, 10] has 784·20 + 20 = 15,700 weights and biases in its first layer and 315 in its second. */
    @Test
    void moreParametersThanNndlLoads() {
        UserException e = assertThrows(UserException.class, () -> OnnxImport.read(EXPORTED, WHERE, 16_000));
        assertEquals(WHERE + ": node 3 \"layer2.gemm\" (Gemm) brings the network to 16,015 weights and biases, more than the"
                + " 16,000 nndl loads (to load bigger networks, run with -Dnndl.max-parameters=N)", e.getMessage());
        assertEquals(3, OnnxImport.read(EXPORTED, WHERE, 16_175).network().layers().size(), "16,175 is all of them");
    }

    /** The metadata becomes the model file's "nndl" block, checked as a model file's is, so that the file import writes loads. */
    @Test
    void metadataAModelFileWouldRefuse() {
        ModelProto model = OnnxExport.toOnnx(NETWORK, Map.of("evaluation_correct", 10_001, "evaluation_total", 10_000), "test");
        UserException e = assertThrows(UserException.class, () -> imported(model));
        assertEquals(WHERE + ": its metadata: nndl.evaluation_correct is more than nndl.evaluation_total", e.getMessage());
        ModelProto producer = EXPORTED.toBuilder().setProducerName("x".repeat(1001)).build();
        e = assertThrows(UserException.class, () -> imported(producer));
        assertEquals(WHERE + ": its metadata: nndl.imported_from is longer than 1000 characters", e.getMessage());
    }

    private static NodeProto constant(String output, TensorProto value) {
        return NodeProto.newBuilder().setOpType("Constant").addOutput(output)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(value))
                .build();
    }

    private static TensorProto floatData(float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }
}

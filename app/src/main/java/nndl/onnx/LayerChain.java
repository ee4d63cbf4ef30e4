package nndl.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nndl.UserException;
import nndl.math.Matrix;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Layer;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Reads an ONNX graph as a chain of fully connected layers, node by node in the graph's order:
 * each layer a {@code Gemm}, or a {@code MatMul} and an {@code Add} for its biases, then its
 * activation ({@code Sigmoid}, {@code Tanh}, {@code Relu} or {@code Softmax}); {@code Flatten}
 * and {@code Identity} may stand anywhere, and {@code Constant} nodes may hold weights. Each
 * node must take the output of the one before, so a branch, a skip connection or a second input
 * is refused like an unknown operator: with one line naming the first node that does not fit.
 *
 * <p>This is what PyTorch's {@code torch.onnx.export} writes for an {@code nn.Sequential} of
 * {@code Linear} layers and those activations (a Gemm with {@code transB = 1} per layer, or
 * MatMul and Add when the input has more than two axes), and what {@link OnnxExport} writes.
 */
final class LayerChain {
    private final String where;
    private final long opset;
    /** The most weights and biases nndl loads, and how many the layers read so far have. */
    private final long maxParameters;
    private long parameters;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    /** For each layer read, the node that gave it its activation (as named in messages). */
    private final List<String> activationNodes = new ArrayList<>();

    /** The tensor the examples are in after the nodes read so far. */
    private String current;
    /** Its sizes after the batch axis (the first), or null while they are not known. */
    private long[] dims;
    /** The layer being read: its weighted input z is known, its activation not yet (null between layers). */
    private Pending pending;
    /** The node being read: its position (1 = first) and its description. */
    private int index;
    private String node;

    /** A layer whose Gemm or MatMul has been read. */
    private static final class Pending {
        final String node;
        final Matrix weights;
        float[] biases;
        boolean hasBiases;

        Pending(String node, Matrix weights, float[] biases, boolean hasBiases) {
            this.node = node;
            this.weights = weights;
            this.biases = biases;
            this.hasBiases = hasBiases;
        }
    }

    private LayerChain(String where, long opset, long maxParameters) {
        this.where = where;
        this.opset = opset;
        this.maxParameters = maxParameters;
    }

    /**
     * The layers of the graph, input to output. {@code where} begins every refusal (e.g.
     * "cannot read the ONNX model m.onnx"); {@code opset} is the model's version of ONNX's
     * operator set, which decides Softmax's default axis; a network of more than
     * {@code maxParameters} weights and biases is refused before its layers are made.
     */
    static List<Layer> read(GraphProto graph, long opset, long maxParameters, String where) {
        LayerChain chain = new LayerChain(where, opset, maxParameters);
        chain.input(graph);
        for (NodeProto n : graph.getNodeList()) {
            chain.index++;
            chain.node = "node " + chain.index + (n.getName().isEmpty() ? "" : " \"" + n.getName() + "\"")
                    + " (" + n.getOpType() + ")";
            chain.take(n);
        }
        chain.end(graph);
        return chain.layers;
    }

    /** The graph's one input that is not an initializer: where the examples come in. */
    private void input(GraphProto graph) {
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.add(t.getName());
            constants.put(t.getName(), t);
        }
        List<ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new UserException(where + ": its graph has " + inputs.size() + " inputs "
                    + inputs.stream().map(ValueInfoProto::getName).toList()
                    + ": nndl imports a network with one input, the image");
        }
        ValueInfoProto in = inputs.get(0);
        current = in.getName();
        if (!in.getType().hasTensorType()) {
            return;
        }
        TypeProto.Tensor type = in.getType().getTensorType();
        if (type.getElemType() != TensorProto.DataType.FLOAT_VALUE && type.getElemType() != TensorProto.DataType.UNDEFINED_VALUE) {
            throw new UserException(where + ": its input \"" + current + "\" is not float32 (ONNX data type "
                    + type.getElemType() + "): nndl feeds pixels as float32");
        }
        if (!type.hasShape()) {
            return;
        }
        int rank = type.getShape().getDimCount();
        if (rank < 2) {
            throw new UserException(where + ": its input \"" + current + "\" has " + rank
                    + " axes: nndl feeds a batch of examples, one per row, e.g. [N, 784]");
        }
        long[] sizes = new long[rank - 1];
        for (int i = 1; i < rank; i++) {
            var dim = type.getShape().getDim(i);
            if (!dim.hasDimValue() || dim.getDimValue() < 1) {
                return; // a size left open after the batch axis: the first layer will say
            }
            sizes[i - 1] = dim.getDimValue();
        }
        dims = sizes;
    }

    private void take(NodeProto n) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw refuse("is an operator of the \"" + n.getDomain() + "\" domain, not of ONNX's standard set:"
                    + " nndl imports fully connected networks made of standard operators");
        }
        switch (n.getOpType()) {
            case "Constant" -> constant(n);
            case "Identity" -> {
                dataInput(n, 0);
                advance(n);
            }
            case "Flatten" -> flatten(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matMul(n);
            case "Add" -> add(n);
            case "Sigmoid" -> activation(n, Activation.SIGMOID);
            case "Tanh" -> activation(n, Activation.TANH);
            case "Relu" -> activation(n, Activation.RELU);
            case "Softmax" -> activation(n, Activation.SOFTMAX);
            default -> throw refuse("is not part of a fully connected network: nndl imports layers made of a Gemm"
                    + " (or a MatMul and an Add) and then Sigmoid, Tanh, Relu or Softmax, with Flatten or Identity between");
        }
    }

    /** A Constant node: a tensor, which later nodes may take as weights or biases. */
    private void constant(NodeProto n) {
        AttributeProto value = attribute(n, "value");
        if (value == null || !value.hasT() || n.getOutputCount() != 1) {
            throw refuse("is a Constant without a tensor value: nndl imports weights given as tensors");
        }
        constants.put(n.getOutput(0), value.getT());
    }

    /** Flatten with axis 1: each example's values in one row, in row-major order (what nndl's input is). */
    private void flatten(NodeProto n) {
        dataInput(n, 0);
        long axis = intAttribute(n, "axis", 1);
        if (axis < 0 && dims != null) {
            axis += dims.length + 1;
        }
        if (axis != 1) {
            throw refuse("flattens from axis " + intAttribute(n, "axis", 1)
                    + ": nndl keeps one example per row, which is Flatten from axis 1");
        }
        if (dims != null) {
            dims = new long[] {product(dims)};
        }
        advance(n);
    }

    /** Gemm: z = α·x·B + β·C, with B (or Bᵀ when transB) the weights and C the biases. */
    private void gemm(NodeProto n) {
        startLayer();
        dataInput(n, 0);
        if (intAttribute(n, "transA", 0) != 0) {
            throw refuse("transposes its input (transA): nndl's layers take one example per row");
        }
        if (dims != null && dims.length != 1) {
            throw refuse("gets a tensor of shape " + shape(dims) + ": a Gemm takes one example per row; put a Flatten before it");
        }
        Tensors.Floats b = constant(n, 1, "weights");
        boolean transB = intAttribute(n, "transB", 0) != 0;
        requireMatrix(b);
        int inputs = (int) (transB ? b.dims()[1] : b.dims()[0]);
        int neurons = (int) (transB ? b.dims()[0] : b.dims()[1]);
        requireInputs(inputs);
        countParameters(inputs, neurons);
        Matrix weights = weights(b.values(), inputs, neurons, transB, floatAttribute(n, "alpha", 1f));
        float[] biases = new float[neurons];
        boolean hasBiases = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        if (hasBiases) {
            Tensors.Floats c = constant(n, 2, "biases");
            float beta = floatAttribute(n, "beta", 1f);
            if (c.values().length == 1) {
                Arrays.fill(biases, beta * c.values()[0]);
            } else if (c.isVectorOf(neurons)) {
                for (int j = 0; j < neurons; j++) {
                    biases[j] = beta * c.values()[j];
                }
            } else {
                throw refuse("has biases of shape " + Arrays.toString(c.dims()) + " for " + neurons + " neurons: nndl needs one bias per neuron");
            }
        }
        pending = new Pending(node, weights, biases, hasBiases);
        dims = new long[] {neurons};
        advance(n);
    }

    /** MatMul: z = x·W, with W (n_in × n_out) the weights; the biases may follow in an Add. */
    private void matMul(NodeProto n) {
        startLayer();
        if (n.getInputCount() == 2 && n.getInput(1).equals(current) && !n.getInput(0).equals(current)) {
            throw refuse("multiplies the weights by the data (W x): nndl's layers compute x W, one example per row");
        }
        dataInput(n, 0);
        if (dims != null && product(dims) != dims[dims.length - 1]) {
            throw refuse("multiplies the last axis of a tensor of shape " + shape(dims)
                    + ", not whole examples: put a Flatten before it");
        }
        Tensors.Floats w = constant(n, 1, "weights");
        requireMatrix(w);
        int inputs = (int) w.dims()[0];
        int neurons = (int) w.dims()[1];
        requireInputs(inputs);
        countParameters(inputs, neurons);
        pending = new Pending(node, weights(w.values(), inputs, neurons, false, 1f), new float[neurons], false);
        if (dims != null) {
            dims = dims.clone();
            dims[dims.length - 1] = neurons;
        } else {
            dims = new long[] {neurons};
        }
        advance(n);
    }

    /** Add right after a MatMul (or a Gemm without C): the layer's biases. */
    private void add(NodeProto n) {
        if (pending == null || pending.hasBiases) {
            throw refuse("adds something other than a layer's biases: nndl imports an Add only right after"
                    + " a MatMul (or a Gemm without biases)");
        }
        int data = n.getInputCount() == 2 && n.getInput(1).equals(current) ? 1 : 0;
        dataInput(n, data);
        Tensors.Floats b = constant(n, 1 - data, "biases");
        int neurons = pending.weights.cols;
        if (!b.isVectorOf(neurons)) {
            throw refuse("adds a tensor of shape " + Arrays.toString(b.dims()) + " to a layer of " + neurons
                    + " neurons: nndl needs one bias per neuron");
        }
        pending.biases = b.values();
        pending.hasBiases = true;
        advance(n);
    }

    /** The activation that ends a layer. */
    private void activation(NodeProto n, Activation activation) {
        if (pending == null) {
            throw refuse("does not follow a Gemm or MatMul: in nndl an activation acts on a layer's weighted inputs");
        }
        dataInput(n, 0);
        if (activation == Activation.SOFTMAX) {
            // Softmax-13 normalizes over one axis, -1 by default; before 13 it flattened from an axis, 1 by default,
            // which for one example per row (every size after the batch but the last being 1) is the same.
            int rank = dims.length + 1;
            long given = intAttribute(n, "axis", opset >= 13 ? -1 : 1);
            long axis = given < 0 ? given + rank : given;
            if (opset >= 13 ? axis != rank - 1 : axis < 1 || axis >= rank) {
                throw refuse("takes the softmax over axis " + given + " of a tensor of shape " + shape(dims)
                        + ", not over the layer's neurons (the last axis)");
            }
        }
        layers.add(new Layer(pending.weights, pending.biases, activation));
        activationNodes.add(node);
        pending = null;
        advance(n);
    }

    /** Before a layer's Gemm or MatMul: the layer before it, now known to be hidden, must suit nndl's hidden layers. */
    private void startLayer() {
        if (pending != null) {
            throw refuse("follows " + pending.node + " with no activation between them: each of nndl's layers ends in"
                    + " Sigmoid, Tanh, Relu or Softmax");
        }
        int hidden = layers.size() - 1;
        if (hidden < 0) {
            return;
        }
        Activation a = layers.get(hidden).activation;
        Activation first = layers.get(0).activation;
        if (a == Activation.SOFTMAX) {
            throw refuse(activationNodes.get(hidden), "is a softmax on a hidden layer: nndl puts softmax on the output layer only");
        }
        if (a != first) {
            throw refuse(activationNodes.get(hidden), "gives a hidden layer " + OnnxExport.opType(a) + " where the first has "
                    + OnnxExport.opType(first) + ": nndl's hidden layers share one activation");
        }
    }

    /** After the last node: the chain must end in a whole layer, at the graph's one output. */
    private void end(GraphProto graph) {
        if (pending != null) {
            throw refuse(pending.node, "ends the graph with no activation after it: each of nndl's layers ends in Sigmoid,"
                    + " Tanh, Relu or Softmax (add a Softmax, for example, before exporting)");
        }
        if (layers.isEmpty()) {
            throw new UserException(where + ": its graph has no Gemm or MatMul layer: nndl imports fully connected networks");
        }
        if (graph.getOutputCount() != 1) {
            throw new UserException(where + ": its graph has " + graph.getOutputCount()
                    + " outputs: nndl imports a network with one output, the digits");
        }
        if (!graph.getOutput(0).getName().equals(current)) {
            throw new UserException(where + ": its output \"" + graph.getOutput(0).getName()
                    + "\" is not the end of its chain of layers (\"" + current + "\")");
        }
    }

    /** The node must take the examples, as they are after the nodes before it, as its input {@code i}. */
    private void dataInput(NodeProto n, int i) {
        if (n.getInputCount() <= i || !n.getInput(i).equals(current)) {
            throw refuse("does not take \"" + current + "\", the output of the step before it: nndl imports a single chain"
                    + " of layers, each taking the output of the one before");
        }
    }

    private void advance(NodeProto n) {
        if (n.getOutputCount() != 1) {
            throw refuse("has " + n.getOutputCount() + " outputs: nndl imports a chain in which each node has one");
        }
        current = n.getOutput(0);
    }

    /** Input {@code i} of the node, which must be an initializer or a Constant's output, as floats. */
    private Tensors.Floats constant(NodeProto n, int i, String what) {
        String name = n.getInputCount() > i ? n.getInput(i) : "";
        if (name.isEmpty()) {
            throw refuse("has no " + what);
        }
        TensorProto t = constants.get(name);
        if (t == null) {
            throw refuse("takes its " + what + " from \"" + name + "\", which is neither an initializer nor a Constant:"
                    + " nndl imports a network whose weights are in the file");
        }
        return Tensors.read(t, where + ": " + node);
    }

    private void requireMatrix(Tensors.Floats w) {
        if (w.dims().length != 2 || w.dims()[0] < 1 || w.dims()[1] < 1) {
            throw refuse("has weights of shape " + Arrays.toString(w.dims()) + ": a layer's weights are a matrix with at least one"
                    + " input and one neuron");
        }
    }

    /** The layer's input count must be what the step before gives each example. */
    private void requireInputs(int inputs) {
        if (dims != null && product(dims) != inputs) {
            throw refuse("takes " + inputs + " inputs but gets " + product(dims) + " per example"
                    + (layers.isEmpty() ? " from the graph's input " + shape(dims) : " from the layer before"));
        }
    }

    /** Counts a layer's weights and biases against the most nndl loads, before the layer is made. */
    private void countParameters(int inputs, int neurons) {
        parameters += (long) inputs * neurons + neurons;
        if (parameters > maxParameters) {
            throw refuse(String.format(Locale.ROOT, "brings the network to %,d weights and biases, more than the %,d nndl loads"
                    + " (to load bigger networks, run with -D%s=N)", parameters, maxParameters, ModelFile.MAX_PARAMETERS_PROPERTY));
        }
    }

    /** nndl's n_in × n_out weights from B (n_in × n_out, or n_out × n_in when transposed), times α. */
    private static Matrix weights(float[] b, int inputs, int neurons, boolean transposed, float alpha) {
        Matrix w;
        if (transposed) {
            w = new Matrix(inputs, neurons);
            for (int j = 0; j < neurons; j++) {
                for (int k = 0; k < inputs; k++) {
                    w.data[k * neurons + j] = b[j * inputs + k];
                }
            }
        } else {
            w = new Matrix(inputs, neurons, b);
        }
        if (alpha != 1f) {
            for (int i = 0; i < w.data.length; i++) {
                w.data[i] *= alpha;
            }
        }
        return w;
    }

    private static AttributeProto attribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long intAttribute(NodeProto n, String name, long absent) {
        AttributeProto a = attribute(n, name);
        return a == null ? absent : a.getI();
    }

    private static float floatAttribute(NodeProto n, String name, float absent) {
        AttributeProto a = attribute(n, name);
        return a == null ? absent : a.getF();
    }

    /** The number of values per example (Long.MAX_VALUE if more: no layer takes that many). */
    private static long product(long[] sizes) {
        long p = 1;
        for (long s : sizes) {
            p = p > Long.MAX_VALUE / s ? Long.MAX_VALUE : p * s;
        }
        return p;
    }

    /** [N, 784]: a shape with the batch axis first. */
    private static String shape(long[] sizes) {
        StringBuilder s = new StringBuilder("[N");
        for (long d : sizes) {
            s.append(", ").append(d);
        }
        return s.append(']').toString();
    }

    private UserException refuse(String problem) {
        return refuse(node, problem);
    }

    private UserException refuse(String which, String problem) {
        return new UserException(where + ": " + which + " " + problem);
    }
}

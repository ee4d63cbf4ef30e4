package nndl.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.math.Matrix;

/**
 * A feedforward network: layers of neurons, each fed by all the neurons of the layer before,
 * and a cost that says how good its outputs are. The book's network.py and network2.py, with
 * a whole mini-batch going through the layers at once as a matrix (one example per row).
 */
public final class Network {
    private final int[] sizes;
    private final List<Layer> layers;
    private final Cost cost;

    /** The chapter-1 network: sigmoid neurons throughout, quadratic cost, weights all zero until initialized. */
    public Network(int... sizes) {
        this(sizes, Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC);
    }

    public Network(int[] sizes, Activation hidden, Activation output, Cost cost) {
        checkSizes(sizes);
        List<Layer> list = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            list.add(new Layer(sizes[l - 1], sizes[l], l == sizes.length - 1 ? output : hidden));
        }
        this.sizes = sizes.clone();
        this.layers = List.copyOf(list);
        this.cost = cost;
        checkCombination();
    }

    /** A network made of existing layers (as read from a model file). */
    public Network(List<Layer> layers, Cost cost) {
        if (layers.isEmpty()) {
            throw new UserException("a network needs at least one layer of neurons after the input");
        }
        int[] s = new int[layers.size() + 1];
        s[0] = layers.get(0).inputs();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l).inputs() != s[l]) {
                throw new UserException("layer " + (l + 1) + " takes " + layers.get(l).inputs()
                        + " inputs but the layer before has " + s[l] + " neurons");
            }
            s[l + 1] = layers.get(l).neurons();
        }
        this.sizes = s;
        this.layers = List.copyOf(layers);
        this.cost = cost;
        checkCombination();
    }

    /** Sets weights and biases at random with the given initializer, reproducibly for a seed. */
    public Network initialize(Initializer initializer, Random random) {
        initializer.initialize(this, random);
        return this;
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public List<Layer> layers() {
        return layers;
    }

    public Cost cost() {
        return cost;
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    public Activation hiddenActivation() {
        return layers.size() > 1 ? layers.get(0).activation : null;
    }

    public Activation outputActivation() {
        return layers.get(layers.size() - 1).activation;
    }

    /**
     * Feeds the mini-batch in {@code w.x} forward: for each layer, z = a·W + b and a = σ(z)
     * (book eq. 25, for all the examples at once). In a training pass with dropout, each
     * hidden neuron is dropped with probability p and the kept ones are scaled by 1/(1 − p),
     * so the expected input to the next layer is the same as without dropout.
     */
    public void feedforward(Workspace w, boolean training) {
        Kernels k = w.kernels;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (l == 0) {
                k.multiply(1f, w.x, layer.weights, 0f, w.z[l]); // the images, their background skipped
            } else {
                k.multiply(1f, w.out[l - 1], layer.weights, 0f, w.z[l]);
            }
            k.addToEachRow(w.z[l], layer.biases);
            layer.activation.apply(w.z[l], w.a[l], k);
            if (w.mask[l] != null) {
                if (training) {
                    dropOut(w, l);
                } else {
                    w.out[l].copyFrom(w.a[l]);
                }
            }
        }
    }

    public void feedforward(Workspace w) {
        feedforward(w, false);
    }

    private static void dropOut(Workspace w, int l) {
        float keep = 1f / (1f - w.dropout);
        float[] mask = w.mask[l].data;
        float[] a = w.a[l].data;
        float[] out = w.out[l].data;
        for (int i = 0; i < mask.length; i++) {
            mask[i] = w.random.nextFloat() < w.dropout ? 0f : keep;
            out[i] = a[i] * mask[i];
        }
    }

    /**
     * Backpropagation after a training pass: the error δ of every layer, from the desired
     * outputs in {@code w.y} (BP1, BP2). Returns the gradient they give (BP3, BP4), which the
     * update rules add into the weights and biases.
     */
    public Gradient backpropagate(Workspace w) {
        Kernels k = w.kernels;
        int last = layers.size() - 1;
        // BP1: δ^L = ∇_a C ⊙ σ′(z^L)
        cost.outputError(layers.get(last).activation, w.z[last], w.a[last], w.y, w.delta[last]);
        for (int l = last - 1; l >= 0; l--) {
            // BP2: δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l); with one example per row, δ^{l+1}·W^{l+1}ᵀ
            k.multiplyByTranspose(1f, w.delta[l + 1], layers.get(l + 1).weights, 0f, w.delta[l]);
            if (w.mask[l] != null) {
                multiplyElementwise(w.delta[l], w.mask[l]);
            }
            layers.get(l).activation.applyDerivative(w.z[l], w.a[l], w.delta[l]);
        }
        return w.gradient;
    }

    /** The network's output for one input (the book's feedforward(a)). */
    public float[] feedforward(float[] input) {
        if (input.length != inputs()) {
            throw new UserException("the network takes " + inputs() + " inputs, not " + input.length);
        }
        try (Kernels k = Kernels.create(1)) {
            Workspace w = new Workspace(this, 1, k);
            w.x.setRow(0, input, 0);
            feedforward(w);
            return w.output().data.clone();
        }
    }

    /** The digit the network recognises in an image: the index of its most active output neuron. */
    public int predict(float[] input) {
        return argmax(feedforward(input));
    }

    /** The index of the largest value (the first of equal ones): the most active output neuron. */
    public static int argmax(float[] outputs) {
        int best = 0;
        for (int j = 1; j < outputs.length; j++) {
            if (outputs[j] > outputs[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Accuracy and cost (without regularization) on a data set, computed in chunks of 1,000 images. */
    public Evaluation evaluate(Dataset data, Kernels kernels) {
        int[] correct = {0};
        double[] totalCost = {0};
        inChunks(data, kernels, (ws, start, m) -> {
            Matrix out = ws.output();
            for (int r = 0; r < m; r++) {
                if (out.argmaxOfRow(r) == data.label(start + r)) {
                    correct[0]++;
                }
            }
            totalCost[0] += cost.total(outputActivation(), ws.z[ws.z.length - 1], out, ws.y);
        });
        return new Evaluation(correct[0], data.size(), data.size() == 0 ? 0 : totalCost[0] / data.size());
    }

    /** The digit the network recognises in each image of a data set, fed forward as {@link #evaluate} does. */
    public int[] guesses(Dataset data, Kernels kernels) {
        int[] guesses = new int[data.size()];
        inChunks(data, kernels, (ws, start, m) -> {
            for (int r = 0; r < m; r++) {
                guesses[start + r] = ws.output().argmaxOfRow(r);
            }
        });
        return guesses;
    }

    /** What is done with a chunk of m images from {@code start}, fed forward in a workspace. */
    private interface Chunk {
        void fed(Workspace ws, int start, int m);
    }

    /** Feeds a data set forward in chunks of 1,000 images (the last one smaller), in order. */
    private void inChunks(Dataset data, Kernels kernels, Chunk chunk) {
        requireFits(data);
        int size = Math.min(1000, Math.max(1, data.size()));
        Workspace w = new Workspace(this, size, kernels);
        Workspace tail = null;
        int[] order = new int[data.size()];
        Arrays.setAll(order, i -> i);
        for (int start = 0; start < data.size(); start += size) {
            int m = Math.min(size, data.size() - start);
            Workspace ws = w;
            if (m < size) {
                tail = tail != null ? tail : new Workspace(this, m, kernels);
                ws = tail;
            }
            data.fillBatch(order, start, ws.x, ws.y);
            feedforward(ws);
            chunk.fed(ws, start, m);
        }
    }

    /** Checks that the data's images and classes fit this network's input and output layers. */
    public void requireFits(Dataset data) {
        if (data.pixelsPerImage() != inputs()) {
            throw new UserException("the network's input layer has " + inputs() + " neurons but the images have "
                    + data.pixelsPerImage() + " pixels: the first size must be " + data.pixelsPerImage());
        }
        if (outputs() != Dataset.CLASSES) {
            throw new UserException("the network's output layer has " + outputs()
                    + " neurons but there are 10 digits: the last size must be 10");
        }
    }

    /** Σ w² over all weights (for the L2 term of the cost). */
    public double sumOfSquaredWeights() {
        double sum = 0;
        for (Layer layer : layers) {
            for (float v : layer.weights.data) {
                sum += (double) v * v;
            }
        }
        return sum;
    }

    /** Σ |w| over all weights (for the L1 term of the cost). */
    public double sumOfAbsoluteWeights() {
        double sum = 0;
        for (Layer layer : layers) {
            for (float v : layer.weights.data) {
                sum += Math.abs(v);
            }
        }
        return sum;
    }

    public boolean allFinite() {
        return layers.stream().allMatch(Layer::allFinite);
    }

    /** A deep copy (for keeping the best network seen so far). */
    public Network copy() {
        return new Network(layers.stream().map(Layer::copy).toList(), cost);
    }

    /** Overwrites this network's weights and biases with those of a network of the same shape. */
    public void copyParametersFrom(Network other) {
        if (!Arrays.equals(sizes, other.sizes)) {
            throw new IllegalArgumentException("sizes differ");
        }
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).weights.copyFrom(other.layers.get(l).weights);
            System.arraycopy(other.layers.get(l).biases, 0, layers.get(l).biases, 0, layers.get(l).biases.length);
        }
    }

    private static void multiplyElementwise(Matrix target, Matrix factor) {
        for (int i = 0; i < target.data.length; i++) {
            target.data[i] *= factor.data[i];
        }
    }

    /**
     * The number of weights and biases of a network of these sizes, Σ_l (n_{l−1} + 1) · n_l; or
     * Long.MAX_VALUE when that overflows a long.
     */
    public static long parameters(int... sizes) {
        long total = 0;
        try {
            for (int l = 1; l < sizes.length; l++) {
                total = Math.addExact(total, Math.multiplyExact((long) sizes[l - 1] + 1, sizes[l]));
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return total;
    }

    /** Checks sizes before any layer is allocated: two layers at least, each of a neuron or more, each weight matrix one array. */
    public static void checkSizes(int[] sizes) {
        if (sizes.length < 2) {
            throw new UserException("a network needs at least two layers (input and output), got "
                    + Arrays.toString(sizes) + ": give sizes like 784,30,10");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new UserException("every layer needs at least one neuron, got " + Arrays.toString(sizes));
            }
        }
        for (int l = 1; l < sizes.length; l++) {
            if ((long) sizes[l - 1] * sizes[l] > Integer.MAX_VALUE - 8) {
                throw new UserException("sizes " + Arrays.toString(sizes) + " give layer " + l + " "
                        + (long) sizes[l - 1] * sizes[l] + " weights, more than one Java array holds (2^31 - 1): make it smaller");
            }
        }
    }

    private void checkCombination() {
        for (int l = 0; l < layers.size() - 1; l++) {
            checkCombination(layers.get(l).activation, outputActivation(), cost);
        }
        checkCombination(null, outputActivation(), cost);
    }

    /**
     * Checks that hidden neurons (null: none), output neurons and a cost go together: softmax
     * only at the output, the log-likelihood cost only with it, the cross-entropy cost only with
     * outputs between 0 and 1.
     */
    public static void checkCombination(Activation hidden, Activation output, Cost cost) {
        if (hidden == Activation.SOFTMAX) {
            throw new UserException("softmax is for the output layer only: use sigmoid, tanh or relu for hidden layers");
        }
        if (cost == Cost.LOG_LIKELIHOOD && output != Activation.SOFTMAX) {
            throw new UserException("the log-likelihood cost needs a softmax output layer");
        }
        if (cost == Cost.CROSS_ENTROPY && output != Activation.SIGMOID && output != Activation.SOFTMAX) {
            throw new UserException("the cross-entropy cost needs outputs between 0 and 1: use a sigmoid or softmax output");
        }
    }
}

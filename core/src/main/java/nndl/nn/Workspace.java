package nndl.nn;

import nndl.math.Kernels;
import nndl.math.Matrix;
import nndl.math.RandomStream;
import nndl.math.SparseRows;

/**
 * The buffers for pushing m examples through a network: the input x and desired output y,
 * and for every layer its weighted inputs z, activations a and errors δ. Allocated once for a
 * network and a mini-batch size, reused every step.
 */
public final class Workspace {
    public final Kernels kernels;
    public final int batchSize;
    /** Inputs, one example per row (m × n_0), with the list of each row's nonzero values for the first layer's products. */
    public final SparseRows x;
    /** Desired outputs (m × n_L). */
    public final Matrix y;
    final Matrix[] z;
    final Matrix[] a;
    /** What layer l passes on (the input to layer l + 1): a[l] itself, or a[l] with dropped neurons zeroed and the rest scaled. */
    final Matrix[] out;
    final Matrix[] delta;
    /** The dropout multipliers of each hidden layer: 0 or 1/(1 − p). */
    final Matrix[] mask;
    final float dropout;
    final RandomStream random;
    /** The gradient for the mini-batch in x and y, once backpropagated. */
    final Gradient gradient = new Gradient(this);

    public Workspace(Network network, int batchSize, Kernels kernels) {
        this(network, batchSize, kernels, 0f, null);
    }

    /** With dropout: each hidden neuron is dropped with probability {@code dropout} in training passes. */
    public Workspace(Network network, int batchSize, Kernels kernels, float dropout, RandomStream random) {
        int layers = network.layers().size();
        this.kernels = kernels;
        this.batchSize = batchSize;
        this.dropout = dropout;
        this.random = random;
        x = new SparseRows(batchSize, network.inputs());
        y = new Matrix(batchSize, network.outputs());
        z = new Matrix[layers];
        a = new Matrix[layers];
        out = new Matrix[layers];
        delta = new Matrix[layers];
        mask = new Matrix[layers];
        for (int l = 0; l < layers; l++) {
            int n = network.layers().get(l).neurons();
            z[l] = new Matrix(batchSize, n);
            a[l] = new Matrix(batchSize, n);
            delta[l] = new Matrix(batchSize, n);
            boolean hidden = l < layers - 1;
            mask[l] = hidden && dropout > 0 ? new Matrix(batchSize, n) : null;
            out[l] = mask[l] != null ? new Matrix(batchSize, n) : a[l];
        }
    }

    /** The activations of the output layer after {@link Network#feedforward(Workspace)}. */
    public Matrix output() {
        return a[a.length - 1];
    }
}

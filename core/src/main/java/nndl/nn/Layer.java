package nndl.nn;

import nndl.math.Matrix;

/**
 * One layer of neurons after the input: its weights, biases and activation function.
 *
 * <p>{@code weights} is n_in × n_out: entry (k, j) is the book's w_jk, the weight from neuron k
 * of the layer before to neuron j of this one. That is the book's matrix w transposed, so that a
 * mini-batch with one example per row goes through as Z = A·W + b (as in Keras). Model files
 * store the book's n_out × n_in orientation.
 */
public final class Layer {
    public final Matrix weights;
    public final float[] biases;
    public final Activation activation;

    public Layer(int inputs, int neurons, Activation activation) {
        this(new Matrix(inputs, neurons), new float[neurons], activation);
    }

    public Layer(Matrix weights, float[] biases, Activation activation) {
        if (weights.cols != biases.length) {
            throw new IllegalArgumentException(
                    "weights " + weights.shape() + " do not fit " + biases.length + " biases");
        }
        this.weights = weights;
        this.biases = biases;
        this.activation = activation;
    }

    public int inputs() {
        return weights.rows;
    }

    public int neurons() {
        return weights.cols;
    }

    /** The book's w_jk: the weight from input k to neuron j. */
    public float weight(int j, int k) {
        return weights.get(k, j);
    }

    public void setWeight(int j, int k, float value) {
        weights.set(k, j, value);
    }

    public Layer copy() {
        return new Layer(weights.copy(), biases.clone(), activation);
    }

    boolean allFinite() {
        if (!weights.allFinite()) {
            return false;
        }
        for (float b : biases) {
            if (!Float.isFinite(b)) {
                return false;
            }
        }
        return true;
    }
}

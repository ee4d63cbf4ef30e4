package nndl.nn;

import java.util.Arrays;

/**
 * A perceptron (book, chapter 1): it outputs 1 if w·x + b > 0 and 0 otherwise. With weights −2,
 * −2 and bias 3 it is a NAND gate, and so any computation can be built from perceptrons.
 */
public final class Perceptron {
    private final double[] weights;
    private double bias;

    public Perceptron(double[] weights, double bias) {
        this.weights = weights.clone();
        this.bias = bias;
    }

    /** The book's NAND gate: weights −2, −2, bias 3. */
    public static Perceptron nand() {
        return new Perceptron(new double[] {-2, -2}, 3);
    }

    /** The step function of the weighted input: 1 if w·x + b > 0, else 0. */
    public int output(double... x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("this perceptron has " + weights.length + " inputs, got " + x.length);
        }
        double z = bias;
        for (int k = 0; k < x.length; k++) {
            z += weights[k] * x[k];
        }
        return z > 0 ? 1 : 0;
    }

    /**
     * The perceptron learning rule for one example: w ← w + η (t − o) x and b ← b + η (t − o),
     * where t is the target and o the current output. Returns whether the output was wrong.
     */
    public boolean learn(double[] x, int target, double eta) {
        int error = target - output(x);
        for (int k = 0; k < x.length; k++) {
            weights[k] += eta * error * x[k];
        }
        bias += eta * error;
        return error != 0;
    }

    /**
     * Learns a truth table with the perceptron rule, starting from zero weights, until it makes
     * no mistake in a whole pass (the perceptron convergence theorem says it will, for linearly
     * separable tables) or {@code maxEpochs} passes have gone by.
     */
    public static Perceptron learn(double[][] inputs, int[] targets, double eta, int maxEpochs) {
        Perceptron p = new Perceptron(new double[inputs[0].length], 0);
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            boolean mistakes = false;
            for (int i = 0; i < inputs.length; i++) {
                mistakes |= p.learn(inputs[i], targets[i], eta);
            }
            if (!mistakes) {
                break;
            }
        }
        return p;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Perceptron(w=" + Arrays.toString(weights) + ", b=" + bias + ")";
    }
}

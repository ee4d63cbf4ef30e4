package nndl.nn;

import nndl.math.Kernels;
import nndl.math.Matrix;

/**
 * Checks backpropagation against numerical gradients: each weight and bias is nudged by ±ε
 * and the change in the cost, (C(θ+ε) − C(θ−ε)) / 2ε, is compared with what BP3 and BP4 give.
 * The cost here is computed by a plain double-precision forward pass written for this check
 * alone, so it shares nothing with the kernels it checks.
 */
public final class GradientCheck {
    private static final double EPSILON = 1e-5;
    /** Gradients smaller than this are compared in absolute terms (float32 rounding dominates there). */
    private static final double FLOOR = 1e-4;

    private GradientCheck() {
    }

    /** The largest relative error |backprop − numerical| / max(|backprop|, |numerical|, 10⁻⁴), and where. */
    public record Result(double maxRelativeError, String where, int parametersChecked) {
    }

    /** Compares the gradient of the summed cost over the examples in the rows of x (desired outputs y). */
    public static Result run(Network network, Matrix x, Matrix y) {
        return compare(network, network, x, y);
    }

    /** Backprop's gradients on {@code network} against numerical ones on {@code reference} (the same network, but in tests). */
    static Result compare(Network network, Network reference, Matrix x, Matrix y) {
        int layers = network.layers().size();
        Matrix[] weightGrads = new Matrix[layers];
        float[][] biasGrads = new float[layers][];
        try (Kernels k = Kernels.create(1)) {
            Workspace w = new Workspace(network, x.rows, k);
            w.x.copyFrom(x);
            w.y.copyFrom(y);
            network.feedforward(w, false);
            Gradient gradient = network.backpropagate(w);
            for (int l = 0; l < layers; l++) {
                weightGrads[l] = gradient.weights(l);
                biasGrads[l] = gradient.biases(l);
            }
        }
        double[][][] weights = new double[layers][][];
        double[][] biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            Layer layer = reference.layers().get(l);
            weights[l] = new double[layer.inputs()][layer.neurons()];
            for (int k = 0; k < layer.inputs(); k++) {
                for (int j = 0; j < layer.neurons(); j++) {
                    weights[l][k][j] = layer.weights.get(k, j);
                }
            }
            biases[l] = new double[layer.neurons()];
            for (int j = 0; j < layer.neurons(); j++) {
                biases[l][j] = layer.biases[j];
            }
        }
        Reference ref = new Reference(reference, weights, biases, x, y);
        double worst = 0;
        String where = "";
        int checked = 0;
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j < biases[l].length; j++) {
                double err = relativeError(biasGrads[l][j], ref.derivative(biases[l], j));
                checked++;
                if (err > worst) {
                    worst = err;
                    where = "bias " + j + " of layer " + (l + 1);
                }
            }
            for (int k = 0; k < weights[l].length; k++) {
                for (int j = 0; j < weights[l][k].length; j++) {
                    double err = relativeError(weightGrads[l].get(k, j), ref.derivative(weights[l][k], j));
                    checked++;
                    if (err > worst) {
                        worst = err;
                        where = "weight w_" + j + "," + k + " of layer " + (l + 1);
                    }
                }
            }
        }
        return new Result(worst, where, checked);
    }

    private static double relativeError(double backprop, double numerical) {
        return Math.abs(backprop - numerical) / Math.max(FLOOR, Math.max(Math.abs(backprop), Math.abs(numerical)));
    }

    /** The network in double precision, with a forward pass and cost of its own. */
    private static final class Reference {
        final Network network;
        final double[][][] weights;
        final double[][] biases;
        final Matrix x;
        final Matrix y;

        Reference(Network network, double[][][] weights, double[][] biases, Matrix x, Matrix y) {
            this.network = network;
            this.weights = weights;
            this.biases = biases;
            this.x = x;
            this.y = y;
        }

        /** (C(θ+ε) − C(θ−ε)) / 2ε for the parameter params[i]. */
        double derivative(double[] params, int i) {
            double saved = params[i];
            params[i] = saved + EPSILON;
            double plus = cost();
            params[i] = saved - EPSILON;
            double minus = cost();
            params[i] = saved;
            return (plus - minus) / (2 * EPSILON);
        }

        double cost() {
            double total = 0;
            for (int r = 0; r < x.rows; r++) {
                double[] a = new double[x.cols];
                for (int k = 0; k < a.length; k++) {
                    a[k] = x.get(r, k);
                }
                for (int l = 0; l < weights.length; l++) {
                    a = layer(l, a);
                }
                double[] target = new double[y.cols];
                for (int j = 0; j < target.length; j++) {
                    target[j] = y.get(r, j);
                }
                total += network.cost().value(a, target);
            }
            return total;
        }

        double[] layer(int l, double[] in) {
            int n = biases[l].length;
            double[] z = new double[n];
            for (int j = 0; j < n; j++) {
                z[j] = biases[l][j];
                for (int k = 0; k < in.length; k++) {
                    z[j] += weights[l][k][j] * in[k];
                }
            }
            Activation f = network.layers().get(l).activation;
            if (f == Activation.SOFTMAX) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    z[j] = Math.exp(z[j] - max);
                    sum += z[j];
                }
                for (int j = 0; j < n; j++) {
                    z[j] /= sum;
                }
                return z;
            }
            for (int j = 0; j < n; j++) {
                z[j] = f.apply(z[j]);
            }
            return z;
        }
    }
}

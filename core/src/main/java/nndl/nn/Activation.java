package nndl.nn;

import java.util.Locale;
import nndl.UserException;
import nndl.math.Kernels;
import nndl.math.Matrix;

/**
 * What a layer of neurons does with its weighted inputs z: the sigmoid σ(z) = 1/(1+e^−z) of
 * chapter 1, tanh and rectified linear units (chapter 3), or softmax for an output layer
 * (chapter 3: the outputs form a probability distribution).
 */
public enum Activation {
    /** σ(z) = 1/(1+e^−z), with σ′(z) = σ(z)(1 − σ(z)). */
    SIGMOID {
        @Override
        public double apply(double z) {
            return 1.0 / (1.0 + Math.exp(-z));
        }

        /** The kernels' sigmoid: an exponential per neuron and example costs as much as a product. */
        @Override
        void apply(Matrix z, Matrix a, Kernels kernels) {
            kernels.sigmoid(z, a);
        }

        @Override
        void applyDerivative(Matrix z, Matrix a, Matrix delta) {
            float[] av = a.data;
            float[] d = delta.data;
            for (int i = 0; i < d.length; i++) {
                d[i] *= av[i] * (1f - av[i]);
            }
        }
    },
    /** tanh(z) = 2σ(2z) − 1, outputs in −1..1, with tanh′(z) = 1 − tanh²(z). */
    TANH {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        void applyDerivative(Matrix z, Matrix a, Matrix delta) {
            float[] av = a.data;
            float[] d = delta.data;
            for (int i = 0; i < d.length; i++) {
                d[i] *= 1f - av[i] * av[i];
            }
        }
    },
    /** max(0, z), with derivative 1 for z > 0 and 0 otherwise. */
    RELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0;
        }

        @Override
        void apply(Matrix z, Matrix a, Kernels kernels) {
            float[] zv = z.data;
            float[] av = a.data;
            for (int i = 0; i < zv.length; i++) {
                av[i] = Math.max(zv[i], 0f);
            }
        }

        @Override
        void applyDerivative(Matrix z, Matrix a, Matrix delta) {
            float[] zv = z.data;
            float[] d = delta.data;
            for (int i = 0; i < d.length; i++) {
                d[i] = zv[i] > 0f ? d[i] : 0f;
            }
        }
    },
    /** a_j = e^{z_j} / Σ_k e^{z_k} over the neurons of the layer (book eq. 78); output layers only. */
    SOFTMAX {
        @Override
        public double apply(double z) {
            throw new UnsupportedOperationException("softmax works on a whole layer, not one neuron");
        }

        @Override
        void apply(Matrix z, Matrix a, Kernels kernels) {
            int n = z.cols;
            for (int i = 0; i < z.rows; i++) {
                int row = i * n;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, z.data[row + j]);
                }
                // Subtracting the largest z changes nothing mathematically and avoids overflow.
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    double e = Math.exp(z.data[row + j] - max);
                    a.data[row + j] = (float) e;
                    sum += e;
                }
                float scale = (float) (1.0 / sum);
                for (int j = 0; j < n; j++) {
                    a.data[row + j] *= scale;
                }
            }
        }

        /** ∂C/∂z_j = a_j (∂C/∂a_j − Σ_k a_k ∂C/∂a_k): the softmax Jacobian applied to the gradient. */
        @Override
        void applyDerivative(Matrix z, Matrix a, Matrix delta) {
            int n = a.cols;
            for (int i = 0; i < a.rows; i++) {
                int row = i * n;
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += a.data[row + j] * delta.data[row + j];
                }
                for (int j = 0; j < n; j++) {
                    delta.data[row + j] = (float) (a.data[row + j] * (delta.data[row + j] - dot));
                }
            }
        }
    };

    /** The activation of one neuron with weighted input z (not for softmax). */
    public abstract double apply(double z);

    /**
     * a = f(z) for a whole mini-batch: element by element (row by row for softmax); the kernels
     * do the sigmoid's exponentials.
     */
    void apply(Matrix z, Matrix a, Kernels kernels) {
        float[] zv = z.data;
        float[] av = a.data;
        for (int i = 0; i < zv.length; i++) {
            av[i] = (float) apply(zv[i]);
        }
    }

    /**
     * Turns ∂C/∂a, held in delta, into ∂C/∂z = ∂C/∂a ⊙ f′(z) (the ⊙ σ′(z) of BP1 and BP2),
     * given the layer's z and a = f(z).
     */
    abstract void applyDerivative(Matrix z, Matrix a, Matrix delta);

    /** The name used on the command line and in model files: sigmoid, tanh, relu, softmax. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.id().equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new UserException("unknown activation '" + name + "': use sigmoid, tanh, relu or softmax");
    }
}

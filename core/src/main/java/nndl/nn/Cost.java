package nndl.nn;

import java.util.Locale;
import nndl.UserException;
import nndl.math.Matrix;

/**
 * How far the network's output a is from the desired output y, for one example; the cost
 * of a data set is the average over its examples. Each cost also gives BP1, the error δ^L of
 * the output layer.
 */
public enum Cost {
    /** C = ½‖y − a‖² (book eq. 6). */
    QUADRATIC("QuadraticCost", "quadratic") {
        @Override
        public double value(double[] a, double[] y) {
            double sum = 0;
            for (int j = 0; j < a.length; j++) {
                double d = a[j] - y[j];
                sum += d * d;
            }
            return 0.5 * sum;
        }

        @Override
        float gradient(float a, float y) {
            return a - y;
        }
    },
    /** C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] (book eq. 63). */
    CROSS_ENTROPY("CrossEntropyCost", "cross-entropy") {
        @Override
        public double value(double[] a, double[] y) {
            double sum = 0;
            for (int j = 0; j < a.length; j++) {
                // 0·ln 0 is taken as 0, as np.nan_to_num does in network2.py.
                sum -= xlogy(y[j], a[j]) + xlogy(1.0 - y[j], 1.0 - a[j]);
            }
            return sum;
        }

        @Override
        float gradient(float a, float y) {
            return (a - y) / (a * (1f - a));
        }
    },
    /** C = −ln a_y, the log-likelihood of the right answer (book eq. 80), for softmax outputs. */
    LOG_LIKELIHOOD("LogLikelihoodCost", "log-likelihood") {
        @Override
        public double value(double[] a, double[] y) {
            double sum = 0;
            for (int j = 0; j < a.length; j++) {
                sum -= xlogy(y[j], a[j]);
            }
            return sum;
        }

        @Override
        float gradient(float a, float y) {
            return -y / a;
        }
    };

    private final String modelName;
    private final String id;

    Cost(String modelName, String id) {
        this.modelName = modelName;
        this.id = id;
    }

    /** The cost of one example with outputs a and desired outputs y. */
    public abstract double value(double[] a, double[] y);

    /** ∂C/∂a_j for one output. */
    abstract float gradient(float a, float y);

    /** The sum of the costs of the examples in the rows of a and y. */
    public double total(Matrix a, Matrix y) {
        double[] ai = new double[a.cols];
        double[] yi = new double[a.cols];
        double sum = 0;
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < a.cols; j++) {
                ai[j] = a.get(i, j);
                yi[j] = y.get(i, j);
            }
            sum += value(ai, yi);
        }
        return sum;
    }

    /**
     * The sum of the costs of the examples in the rows of a, the outputs of a layer of
     * {@code output} neurons with weighted inputs z, and y. The cross-entropy of sigmoid outputs and
     * the log-likelihood of softmax outputs are taken from z, in double: a float sigmoid is exactly
     * 1 once z passes about 17 (and a softmax output exactly 0 as far below the largest), and the
     * log of the 0 left beside it would make the cost of one confidently wrong example infinite,
     * where its true cost is about |z|. Other costs are taken from a.
     */
    public double total(Activation output, Matrix z, Matrix a, Matrix y) {
        if (this == CROSS_ENTROPY && output == Activation.SIGMOID) {
            // −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = y·softplus(−z) + (1 − y)·softplus(z)
            double sum = 0;
            for (int i = 0; i < z.data.length; i++) {
                double zi = z.data[i];
                double yi = y.data[i];
                sum += (yi == 0 ? 0 : yi * softplus(-zi)) + (yi == 1 ? 0 : (1 - yi) * softplus(zi));
            }
            return sum;
        }
        if (this == LOG_LIKELIHOOD && output == Activation.SOFTMAX) {
            // −Σ_j y_j ln a_j, with ln a_j = z_j − ln Σ_k e^{z_k}
            double sum = 0;
            for (int i = 0; i < z.rows; i++) {
                double largest = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < z.cols; j++) {
                    largest = Math.max(largest, z.get(i, j));
                }
                double exps = 0;
                for (int j = 0; j < z.cols; j++) {
                    exps += Math.exp(z.get(i, j) - largest);
                }
                double logSum = largest + Math.log(exps);
                for (int j = 0; j < z.cols; j++) {
                    double yj = y.get(i, j);
                    sum -= yj == 0 ? 0 : yj * (z.get(i, j) - logSum);
                }
            }
            return sum;
        }
        return total(a, y);
    }

    /** ln(1 + e^x), without overflow for large x. */
    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * BP1: δ^L = ∇_a C ⊙ σ′(z^L). For cross-entropy with sigmoid outputs and for log-likelihood
     * with softmax outputs the σ′ cancels and δ^L = a^L − y (book eqs. 66 and 84): no learning
     * slowdown.
     */
    public void outputError(Activation output, Matrix z, Matrix a, Matrix y, Matrix delta) {
        float[] av = a.data;
        float[] yv = y.data;
        float[] d = delta.data;
        if ((this == CROSS_ENTROPY && output == Activation.SIGMOID)
                || (this == LOG_LIKELIHOOD && output == Activation.SOFTMAX)) {
            for (int i = 0; i < d.length; i++) {
                d[i] = av[i] - yv[i];
            }
            return;
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = gradient(av[i], yv[i]);
        }
        output.applyDerivative(z, a, delta);
    }

    /** The name network2.py writes in model files: QuadraticCost, CrossEntropyCost (and ours, LogLikelihoodCost). */
    public String modelName() {
        return modelName;
    }

    /** The name used on the command line: quadratic, cross-entropy, log-likelihood. */
    public String id() {
        return id;
    }

    public static Cost parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Cost c : values()) {
            if (c.id.equals(n) || c.modelName.equalsIgnoreCase(n)) {
                return c;
            }
        }
        throw new UserException("unknown cost '" + name + "': use quadratic, cross-entropy or log-likelihood");
    }

    private static double xlogy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(y);
    }
}

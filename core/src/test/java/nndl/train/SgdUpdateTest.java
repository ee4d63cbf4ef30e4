package nndl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nndl.data.Dataset;
import nndl.nn.Layer;
import nndl.nn.Network;
import org.junit.jupiter.api.Test;

/**
 * One or two steps of gradient descent against the book's update rules, computed here by hand
 * (in double precision, example by example) for a [2,10] sigmoid network with the quadratic cost.
 */
class SgdUpdateTest {
    static final byte[] PIXELS = {(byte) 255, 51, 0, (byte) 204, (byte) 102, (byte) 153, 25, 0};
    static final byte[] LABELS = {3, 0, 7, 3};
    static final Dataset DATA = new Dataset(PIXELS, LABELS, 2);
    static final double ETA = 0.5;

    static Network start() {
        Network net = new Network(2, 10);
        Layer layer = net.layers().get(0);
        for (int j = 0; j < 10; j++) {
            layer.setWeight(j, 0, (j - 4.5f) / 5f);
            layer.setWeight(j, 1, j % 3 == 0 ? 0.3f : -0.2f);
            layer.biases[j] = (j % 2 == 0 ? 1 : -1) * 0.1f;
        }
        return net;
    }

    /** Σ over the four examples of ∂C/∂w_jk (index j*2+k) and ∂C/∂b_j (index 20+j), from the book's formulas. */
    static double[] gradient(double[] w, double[] b) {
        double[] g = new double[30];
        for (int i = 0; i < 4; i++) {
            add(g, w, b, PIXELS[2 * i], PIXELS[2 * i + 1], LABELS[i]);
        }
        return g;
    }

    /** Adds one example's ∂C/∂w_jk and ∂C/∂b_j to g. */
    static void add(double[] g, double[] w, double[] b, byte pixel0, byte pixel1, int label) {
        double[] x = {(pixel0 & 0xff) / 255.0, (pixel1 & 0xff) / 255.0};
        for (int j = 0; j < 10; j++) {
            double a = 1 / (1 + Math.exp(-(w[2 * j] * x[0] + w[2 * j + 1] * x[1] + b[j])));
            double y = label == j ? 1 : 0;
            double delta = (a - y) * a * (1 - a);          // BP1 with the quadratic cost
            g[2 * j] += delta * x[0];                       // BP4
            g[2 * j + 1] += delta * x[1];
            g[20 + j] += delta;                             // BP3
        }
    }

    static double[][] parameters(Network net) {
        double[] w = new double[20];
        double[] b = new double[10];
        Layer layer = net.layers().get(0);
        for (int j = 0; j < 10; j++) {
            w[2 * j] = layer.weight(j, 0);
            w[2 * j + 1] = layer.weight(j, 1);
            b[j] = layer.biases[j];
        }
        return new double[][] {w, b};
    }

    static void assertParameters(double[] w, double[] b, Network net) {
        double[][] got = parameters(net);
        for (int i = 0; i < 20; i++) {
            assertEquals(w[i], got[0][i], 1e-6, "weight " + i);
        }
        for (int j = 0; j < 10; j++) {
            assertEquals(b[j], got[1][j], 1e-6, "bias " + j);
        }
    }

    /** One mini-batch of all four examples: n = m = 4. */
    static Sgd oneBatch(int epochs) {
        return new Sgd(epochs, 4, ETA).threads(1).monitor(java.util.Set.of());
    }

    /**
     * One step on all four examples by {@code sgd}, against the weights the rule gives for each
     * (old weight w, its summed gradient g); the biases always go b → b − (η/m) Σ ∂C/∂b.
     */
    static void assertOneStep(Sgd sgd, java.util.function.DoubleBinaryOperator rule) {
        Network net = start();
        double[][] p = parameters(net);
        double[] g = gradient(p[0], p[1]);
        sgd.train(net, DATA, null, null);
        for (int i = 0; i < 20; i++) {
            p[0][i] = rule.applyAsDouble(p[0][i], g[i]);
        }
        for (int j = 0; j < 10; j++) {
            p[1][j] -= ETA / 4 * g[20 + j];                     // biases are not regularized
        }
        assertParameters(p[0], p[1], net);
    }

    @Test
    void plainStep() {
        assertOneStep(oneBatch(1), (w, g) -> w - ETA / 4 * g);                       // w → w − (η/m) Σ ∂C/∂w
    }

    @Test
    void l2Step() {
        double lambda = 0.8;
        assertOneStep(oneBatch(1).lambda(lambda), (w, g) -> (1 - ETA * lambda / 4) * w - ETA / 4 * g);   // book eq. 93
    }

    @Test
    void l1Step() {
        double l1 = 0.8;
        assertOneStep(oneBatch(1).l1(l1), (w, g) -> w - ETA * l1 / 4 * Math.signum(w) - ETA / 4 * g);   // book eq. 100
    }

    @Test
    void l2DecayIsOverTheTrainingSetAndTheGradientOverTheMiniBatch() {
        // n = 4 copies of one example in mini-batches of m = 2: two steps, in which the decay
        // divides by n and the gradient by m (book eq. 93), whatever order the shuffle picks.
        Dataset copies = new Dataset(new byte[] {PIXELS[0], PIXELS[1], PIXELS[0], PIXELS[1], PIXELS[0], PIXELS[1], PIXELS[0], PIXELS[1]},
                new byte[] {LABELS[0], LABELS[0], LABELS[0], LABELS[0]}, 2);
        double lambda = 0.8;
        Network net = start();
        double[][] p = parameters(net);
        for (int step = 0; step < 2; step++) {
            double[] g = new double[30];
            add(g, p[0], p[1], PIXELS[0], PIXELS[1], LABELS[0]);
            add(g, p[0], p[1], PIXELS[0], PIXELS[1], LABELS[0]);
            for (int i = 0; i < 20; i++) {
                p[0][i] = (1 - ETA * lambda / 4) * p[0][i] - ETA / 2 * g[i];
            }
            for (int j = 0; j < 10; j++) {
                p[1][j] -= ETA / 2 * g[20 + j];
            }
        }
        new Sgd(1, 2, ETA).threads(1).monitor(java.util.Set.of()).lambda(lambda).train(net, copies, null, null);
        assertParameters(p[0], p[1], net);
    }

    @Test
    void twoMomentumSteps() {
        double mu = 0.7;
        Network net = start();
        double[][] p = parameters(net);
        double[] v = new double[30];
        for (int step = 0; step < 2; step++) {
            double[] g = gradient(p[0], p[1]);
            for (int i = 0; i < 30; i++) {
                v[i] = mu * v[i] - ETA / 4 * g[i];              // v → μv − η∇C (book eq. 107)
            }
            for (int i = 0; i < 20; i++) {
                p[0][i] += v[i];                                // w → w + v (book eq. 108)
            }
            for (int j = 0; j < 10; j++) {
                p[1][j] += v[20 + j];
            }
        }
        oneBatch(2).momentum(mu).train(net, DATA, null, null);
        assertParameters(p[0], p[1], net);
    }
}

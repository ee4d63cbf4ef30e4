package nndl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import nndl.math.Kernels;
import nndl.math.Matrix;
import org.junit.jupiter.api.Test;

class FeedforwardTest {
    /** [2,2,1]: w¹ = [[1,−1],[0.5,2]], b¹ = [0,−1]; w² = [[1,1]], b² = [0.5]. */
    static Network tiny() {
        Network net = new Network(2, 2, 1);
        Layer hidden = net.layers().get(0);
        hidden.setWeight(0, 0, 1f);
        hidden.setWeight(0, 1, -1f);
        hidden.setWeight(1, 0, 0.5f);
        hidden.setWeight(1, 1, 2f);
        hidden.biases[1] = -1f;
        Layer out = net.layers().get(1);
        out.setWeight(0, 0, 1f);
        out.setWeight(0, 1, 1f);
        out.biases[0] = 0.5f;
        return net;
    }

    @Test
    void handComputedSigmoidNetwork() {
        // z¹ = (0.5, 0.5), a¹ = σ(0.5) = 0.62245933; z² = 2·0.62245933 + 0.5, a² = 0.85131075 (by hand)
        assertEquals(0.8513107499357798, tiny().feedforward(new float[] {1f, 0.5f})[0], 1e-6);
    }

    @Test
    void aMiniBatchGivesTheSameAsOneExampleAtATime() {
        Network net = tiny();
        float[][] inputs = {{1f, 0.5f}, {0f, 0f}, {-2f, 3f}};
        try (Kernels k = Kernels.create(1)) {
            Workspace w = new Workspace(net, 3, k);
            for (int i = 0; i < inputs.length; i++) {
                w.x.setRow(i, inputs[i], 0);
            }
            net.feedforward(w);
            for (int i = 0; i < 3; i++) {
                float[] row = Arrays.copyOfRange(w.output().data, i * w.output().cols, (i + 1) * w.output().cols);
                assertArrayEquals(net.feedforward(inputs[i]), row, 1e-7f);
            }
        }
    }

    @Test
    void softmaxOutputsAreAProbabilityDistribution() {
        Network net = new Network(new int[] {3, 3}, Activation.SIGMOID, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD);
        Layer layer = net.layers().get(0);
        for (int j = 0; j < 3; j++) {
            layer.setWeight(j, j, 1f);
        }
        float[] a = net.feedforward(new float[] {1f, 2f, 3f});
        assertArrayEquals(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, a, 1e-6f);
    }

    @Test
    void tanhAndRelu() {
        assertEquals(Math.tanh(0.7), Activation.TANH.apply(0.7), 1e-15);
        assertEquals(2 * Activation.SIGMOID.apply(1.4) - 1, Activation.TANH.apply(0.7), 1e-12); // tanh is a rescaled σ
        assertEquals(0.0, Activation.RELU.apply(-3));
        assertEquals(3.0, Activation.RELU.apply(3));
    }

    @Test
    void predictIsTheMostActiveOutput() {
        Network net = new Network(new int[] {2, 3}, Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC);
        net.layers().get(0).biases[2] = 5f;
        assertEquals(2, net.predict(new float[] {0f, 0f}));
    }
}

package nndl.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import nndl.math.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** Backpropagation (BP1–BP4) against numerical gradients, for every cost, output layer and hidden neuron. */
class BackpropagationTest {
    static Stream<Arguments> combinations() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (Cost cost : Cost.values()) {
            for (Activation output : new Activation[] {Activation.SIGMOID, Activation.SOFTMAX}) {
                if (cost == Cost.LOG_LIKELIHOOD && output != Activation.SOFTMAX) {
                    continue;
                }
                for (Activation hidden : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU}) {
                    all.add(Arguments.of(cost, output, hidden));
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} cost, {1} output, {2} hidden")
    @MethodSource("combinations")
    void backpropMatchesNumericalGradients(Cost cost, Activation output, Activation hidden) {
        Random random = new Random(42);
        for (int[] sizes : new int[][] {{7, 5, 4}, {6, 4, 3, 5}, {3, 2}}) {
            Network net = new Network(sizes, hidden, output, cost).initialize(Initializer.DEFAULT, random);
            int m = 4;
            Matrix x = new Matrix(m, sizes[0]);
            Matrix y = new Matrix(m, sizes[sizes.length - 1]);
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < x.cols; k++) {
                    x.set(i, k, random.nextFloat() * 2 - 0.5f);
                }
                y.set(i, random.nextInt(y.cols), 1f);
            }
            GradientCheck.Result r = GradientCheck.run(net, x, y);
            assertTrue(r.maxRelativeError() < 1e-3,
                    "largest relative error " + r.maxRelativeError() + " at " + r.where() + " for sizes "
                            + java.util.Arrays.toString(sizes));
        }
    }

    @ParameterizedTest(name = "a wrong gradient is caught: {0}")
    @MethodSource("combinations")
    void theCheckCatchesAWrongGradient(Cost cost, Activation output, Activation hidden) {
        // The check must be able to fail: with a weight nudged after backprop its numbers no longer agree.
        Random random = new Random(7);
        Network net = new Network(new int[] {4, 3, 3}, hidden, output, cost).initialize(Initializer.DEFAULT, random);
        Matrix x = new Matrix(1, 4, new float[] {0.1f, 0.9f, 0.4f, 0.6f});
        Matrix y = new Matrix(1, 3, new float[] {0f, 1f, 0f});
        GradientCheck.Result good = GradientCheck.run(net, x, y);
        Network other = net.copy();
        other.layers().get(1).weights.data[0] += 0.5f;
        // Gradients computed on `other` checked against `net`'s cost are wrong:
        GradientCheck.Result bad = GradientCheck.compare(other, net, x, y);
        assertTrue(good.maxRelativeError() < 1e-3 && bad.maxRelativeError() > 1e-2,
                "good " + good.maxRelativeError() + ", bad " + bad.maxRelativeError());
    }
}

package nndl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import nndl.math.Kernels;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @Test
    void keptNeuronsAreScaledSoTheExpectedActivationIsUnchanged() {
        Network net = new Network(3, 50, 2).initialize(Initializer.DEFAULT, new Random(1));
        float p = 0.4f;
        int passes = 4000;
        try (Kernels k = Kernels.create(1)) {
            Workspace w = new Workspace(net, 1, k, p, new nndl.math.RandomStream(2));
            w.x.setRow(0, new float[] {0.2f, 0.9f, 0.5f}, 0);
            double[] sum = new double[50];
            int dropped = 0;
            for (int pass = 0; pass < passes; pass++) {
                net.feedforward(w, true);
                for (int j = 0; j < 50; j++) {
                    float out = w.out[0].data[j];
                    sum[j] += out;
                    if (out == 0f) {
                        dropped++;
                    } else {
                        assertEquals(w.a[0].data[j] / (1 - p), out, 1e-6f, "kept neurons are scaled by 1/(1-p)");
                    }
                }
            }
            assertEquals(p, dropped / (50.0 * passes), 0.01, "fraction dropped");
            for (int j = 0; j < 50; j++) {
                double a = w.a[0].data[j];
                assertEquals(a, sum[j] / passes, 0.05 * a + 1e-3, "expected activation of neuron " + j);
            }
            net.feedforward(w, false);
            for (int j = 0; j < 50; j++) {
                assertEquals(w.a[0].data[j], w.out[0].data[j], "no dropout when evaluating");
            }
            assertTrue(dropped > 0);
        }
    }
}

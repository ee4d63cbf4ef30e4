package nndl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nndl.nn.Activation;
import org.junit.jupiter.api.Test;

class PredictionTest {
    @Test
    void sigmoidOutputsAreDividedByTheirSum() {
        float[] out = {0.1f, 0.8f, 0.05f, 0.05f, 0f, 0f, 0f, 0f, 0f, 0.6f};
        Prediction p = Prediction.of(Activation.SIGMOID, out);
        assertEquals(1, p.digit());
        assertArrayEquals(new float[] {0.0625f, 0.5f, 0.03125f, 0.03125f, 0, 0, 0, 0, 0, 0.375f}, p.probabilities(), 1e-6f);
        assertArrayEquals(new int[] {1, 9, 0}, p.top(3));
    }

    @Test
    void softmaxOutputsAreProbabilitiesAlready() {
        float[] out = {0.02f, 0.02f, 0.7f, 0.2f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f};
        Prediction p = Prediction.of(Activation.SOFTMAX, out);
        assertEquals(2, p.digit());
        assertArrayEquals(out, p.probabilities());
        assertArrayEquals(new int[] {2, 3}, p.top(2));
        assertEquals(10, p.top(10).length);
    }

    @Test
    void tanhOutputsAreShiftedFirstAndAllZeroIsUniform() {
        float[] out = {-1f, 1f, -1f, 0f, -1f, -1f, -1f, -1f, -1f, -1f};
        assertArrayEquals(new float[] {0, 2 / 3f, 0, 1 / 3f, 0, 0, 0, 0, 0, 0}, Prediction.of(Activation.TANH, out).probabilities(), 1e-6f);
        Prediction none = Prediction.of(Activation.RELU, new float[10]);
        assertEquals(0, none.digit());
        assertEquals(0.1f, none.probability(7), 1e-7f);
    }
}

package nndl.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nndl.nn.Layer;
import nndl.nn.Network;

/** Networks compared bit for bit. */
public final class Bits {
    private Bits() {
    }

    /** Two networks of the same shape, activations and cost, with the same float bits in every weight and bias. */
    public static void assertSame(Network expected, Network actual) {
        assertArrayEquals(expected.sizes(), actual.sizes());
        assertEquals(expected.cost(), actual.cost());
        for (int l = 0; l < expected.layers().size(); l++) {
            Layer e = expected.layers().get(l);
            Layer a = actual.layers().get(l);
            assertEquals(e.activation, a.activation);
            assertArrayEquals(bits(e.weights.data), bits(a.weights.data), "weights of layer " + (l + 1));
            assertArrayEquals(bits(e.biases), bits(a.biases), "biases of layer " + (l + 1));
        }
    }

    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}

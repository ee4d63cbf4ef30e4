package nndl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nndl.math.Matrix;
import org.junit.jupiter.api.Test;

class CostTest {
    final double[] a = {0.8, 0.3};
    final double[] y = {1, 0};

    @Test
    void valuesComputedByHand() {
        assertEquals(0.065, Cost.QUADRATIC.value(a, y), 1e-12);                     // ½(0.2² + 0.3²)
        assertEquals(0.5798184952529422, Cost.CROSS_ENTROPY.value(a, y), 1e-12);    // −ln 0.8 − ln 0.7
        assertEquals(0.2231435513142097, Cost.LOG_LIKELIHOOD.value(a, y), 1e-12);   // −ln 0.8
    }

    @Test
    void crossEntropyTreatsZeroTimesLogZeroAsZero() {
        assertEquals(0.0, Cost.CROSS_ENTROPY.value(new double[] {1, 0}, new double[] {1, 0}));
    }

    @Test
    void quadraticOutputErrorCarriesSigmaPrime() {
        // BP1 for the quadratic cost: δ = (a − y) σ′(z) = (a − y) a (1 − a)
        Matrix z = new Matrix(1, 2, new float[] {1.3862944f, -0.8472979f}); // σ⁻¹(0.8), σ⁻¹(0.3)
        Matrix act = new Matrix(1, 2, new float[] {0.8f, 0.3f});
        Matrix target = new Matrix(1, 2, new float[] {1f, 0f});
        Matrix delta = new Matrix(1, 2);
        Cost.QUADRATIC.outputError(Activation.SIGMOID, z, act, target, delta);
        assertArrayEquals(new float[] {-0.2f * 0.8f * 0.2f, 0.3f * 0.3f * 0.7f}, delta.data, 1e-7f);
    }

    @Test
    void crossEntropyAndLogLikelihoodErrorsAreAMinusY() {
        Matrix z = new Matrix(1, 2, new float[] {1.3862944f, -0.8472979f});
        Matrix act = new Matrix(1, 2, new float[] {0.8f, 0.3f});
        Matrix target = new Matrix(1, 2, new float[] {1f, 0f});
        Matrix delta = new Matrix(1, 2);
        Cost.CROSS_ENTROPY.outputError(Activation.SIGMOID, z, act, target, delta);
        assertArrayEquals(new float[] {-0.2f, 0.3f}, delta.data, 1e-7f);
        Cost.LOG_LIKELIHOOD.outputError(Activation.SOFTMAX, z, act, target, delta);
        assertArrayEquals(new float[] {-0.2f, 0.3f}, delta.data, 1e-7f);
    }

    @Test
    void totalSumsExamples() {
        Matrix act = new Matrix(2, 2, new float[] {0.8f, 0.3f, 0.8f, 0.3f});
        Matrix target = new Matrix(2, 2, new float[] {1f, 0f, 1f, 0f});
        assertEquals(0.13, Cost.QUADRATIC.total(act, target), 1e-6);
    }

    @Test
    void crossEntropyOfSigmoidOutputsFromZMatchesTheCostOfA() {
        Matrix z = new Matrix(2, 2, new float[] {1.3862944f, -0.8472979f, -0.8472979f, 1.3862944f}); // σ⁻¹(0.8), σ⁻¹(0.3)
        Matrix act = new Matrix(2, 2, new float[] {0.8f, 0.3f, 0.3f, 0.8f});
        Matrix target = new Matrix(2, 2, new float[] {1f, 0f, 1f, 0f});
        // −ln 0.8 − ln 0.7, then −ln 0.3 − ln 0.2
        double byHand = -Math.log(0.8) - Math.log(0.7) - Math.log(0.3) - Math.log(0.2);
        assertEquals(byHand, Cost.CROSS_ENTROPY.total(Activation.SIGMOID, z, act, target), 1e-6);
        assertEquals(Cost.CROSS_ENTROPY.total(act, target), Cost.CROSS_ENTROPY.total(Activation.SIGMOID, z, act, target), 1e-6);
    }

    @Test
    void aConfidentlyWrongSigmoidOutputCostsAboutZNotInfinity() {
        // σ(30) is exactly 1 in float, so ln(1 − a) is −∞; the true cost −ln(1 − σ(30)) = ln(1 + e^30) ≈ 30.
        Matrix z = new Matrix(1, 1, new float[] {30f});
        Matrix act = new Matrix(1, 1, new float[] {1f});
        Matrix target = new Matrix(1, 1, new float[] {0f});
        assertEquals(Double.POSITIVE_INFINITY, Cost.CROSS_ENTROPY.total(act, target));
        assertEquals(30 + Math.log1p(Math.exp(-30)), Cost.CROSS_ENTROPY.total(Activation.SIGMOID, z, act, target), 1e-12);
    }

    @Test
    void logLikelihoodOfSoftmaxOutputsFromZ() {
        // Softmax of (0, ln 3): a = (0.25, 0.75); the right answer is the first, −ln 0.25 = ln 4.
        Matrix z = new Matrix(1, 2, new float[] {0f, (float) Math.log(3)});
        Matrix act = new Matrix(1, 2, new float[] {0.25f, 0.75f});
        Matrix target = new Matrix(1, 2, new float[] {1f, 0f});
        assertEquals(Math.log(4), Cost.LOG_LIKELIHOOD.total(Activation.SOFTMAX, z, act, target), 1e-6);
        // 200 below the largest, a_0 is 0 in float: −ln a_0 = 200 + ln(1 + e^−200) = 200.
        Matrix far = new Matrix(1, 2, new float[] {0f, 200f});
        Matrix saturated = new Matrix(1, 2, new float[] {0f, 1f});
        assertEquals(200, Cost.LOG_LIKELIHOOD.total(Activation.SOFTMAX, far, saturated, target), 1e-9);
    }
}

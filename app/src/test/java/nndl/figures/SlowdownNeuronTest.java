package nndl.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nndl.UserException;
import nndl.nn.Cost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

class SlowdownNeuronTest {
    @Test
    void startsWhereTheBookSays() {
        // The book: "the initial output from the neuron is 0.82", and 0.98 from w = b = 2.
        assertEquals(0.82, SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.GOOD_START, 0.15, 0).get(0).output(), 0.005);
        assertEquals(0.98, SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.BAD_START, 0.15, 0).get(0).output(), 0.005);
    }

    @Test
    void firstStepsWorkedByHand() {
        // Quadratic from w = 0.6, b = 0.9: z = 1.5, a = σ(1.5) = 0.8175744762, σ'(z) = a(1 − a) = 0.1491464521,
        // δ = (a − 0)·σ'(z) = 0.1219383324; w = 0.6 − 0.15·δ = 0.5817092501, b = 0.9 − 0.15·δ = 0.8817092501.
        List<SlowdownNeuron.State> q = SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.GOOD_START, 0.15, 2);
        assertEquals(0.8175744762, q.get(0).output(), 1e-10);
        assertEquals(0.5 * 0.8175744762 * 0.8175744762, q.get(0).cost(), 1e-10);
        assertEquals(0.5817092501, q.get(1).w(), 1e-10);
        assertEquals(0.8817092501, q.get(1).b(), 1e-10);
        // Cross-entropy from w = b = 2 with η = 0.005: a = σ(4) = 0.9820137900, δ = a − 0;
        // w = b = 2 − 0.005·0.98201379 = 1.9950899310; cost −ln(1 − a) = 4.0181499279.
        List<SlowdownNeuron.State> x = SlowdownNeuron.learn(Cost.CROSS_ENTROPY, SlowdownNeuron.BAD_START, 0.005, 1);
        assertEquals(4.0181499279, x.get(0).cost(), 1e-9);
        assertEquals(1.9950899310, x.get(1).w(), 1e-10);
        assertEquals(1.9950899310, x.get(1).b(), 1e-10);
    }

    @Test
    void eachStepFollowsTheNumericalGradientOfTheCost() {
        for (Cost cost : List.of(Cost.QUADRATIC, Cost.CROSS_ENTROPY)) {
            for (SlowdownNeuron.Start start : List.of(SlowdownNeuron.GOOD_START, SlowdownNeuron.BAD_START)) {
                double eta = 0.1;
                SlowdownNeuron.State next = SlowdownNeuron.learn(cost, start, eta, 1).get(1);
                double h = 1e-6;
                double dw = (costAt(cost, start.w() + h, start.b()) - costAt(cost, start.w() - h, start.b())) / (2 * h);
                double db = (costAt(cost, start.w(), start.b() + h) - costAt(cost, start.w(), start.b() - h)) / (2 * h);
                assertEquals(start.w() - eta * dw, next.w(), 1e-8, cost + " " + start);
                assertEquals(start.b() - eta * db, next.b(), 1e-8, cost + " " + start);
            }
        }
    }

    /** C(w, b) for x = 1, y = 0, straight from the cost's definition. */
    private static double costAt(Cost cost, double w, double b) {
        double a = 1 / (1 + Math.exp(-(w + b)));
        return cost == Cost.QUADRATIC ? 0.5 * a * a : -Math.log(1 - a);
    }

    @Test
    void fromTheBadStartTheQuadraticCostLearnsSlowlyAndTheCrossEntropyDoesNot() {
        // At the same η, the first step from output 0.98 moves the quadratic neuron's bias by η·a·σ'(z),
        // about 55 times less than the cross-entropy's η·a: σ'(4) = 0.0177.
        double eta = 0.15;
        double quadratic = 2.0 - SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.BAD_START, eta, 1).get(1).b();
        double crossEntropy = 2.0 - SlowdownNeuron.learn(Cost.CROSS_ENTROPY, SlowdownNeuron.BAD_START, eta, 1).get(1).b();
        assertEquals(1 / 0.017662706213291, crossEntropy / quadratic, 1e-6);
        // And from the good start the quadratic neuron's first step is larger than from the bad one.
        double good = 0.9 - SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.GOOD_START, eta, 1).get(1).b();
        assertTrue(good > 6 * quadratic, good + " vs " + quadratic);
    }

    @Test
    void refusesWhatItCannotLearnWith() {
        Assertions.assertThrows(UserException.class,
                () -> SlowdownNeuron.learn(Cost.LOG_LIKELIHOOD, SlowdownNeuron.GOOD_START, 0.1, 10));
        Assertions.assertThrows(UserException.class,
                () -> SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.GOOD_START, 0.1, SlowdownNeuron.MAX_EPOCHS + 1));
        Assertions.assertThrows(UserException.class,
                () -> SlowdownNeuron.learn(Cost.QUADRATIC, SlowdownNeuron.GOOD_START, Double.NaN, 10));
    }
}

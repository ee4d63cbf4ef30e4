package nndl.figures;

import java.util.ArrayList;
import java.util.List;
import nndl.UserException;
import nndl.nn.Activation;
import nndl.nn.Cost;

/**
 * The book's learning-slowdown neuron (chapter 3, "The cross-entropy cost function"): one sigmoid
 * neuron with one input, taught by gradient descent to turn the input 1 into the output 0. Started
 * badly wrong (w = b = 2.0, output 0.98) it learns slowly with the quadratic cost, because its
 * gradient carries the factor σ′(z), tiny where the sigmoid is flat; the cross-entropy cost's
 * gradient has no such factor, so the neuron learns fastest when it is most wrong.
 *
 * <p>Gradient descent on the one example (x, y), an epoch being one step:
 * <pre>
 *   quadratic     ∂C/∂w = (a − y) σ′(z) x,  ∂C/∂b = (a − y) σ′(z)     (book eqs. 55, 56)
 *   cross-entropy ∂C/∂w = x (a − y),        ∂C/∂b = a − y             (book eqs. 61, 62)
 *   w → w − η ∂C/∂w,  b → b − η ∂C/∂b
 * </pre>
 * in double precision, with the cost of each epoch from the library's {@link Cost}.
 */
public final class SlowdownNeuron {
    /** The input and the output the neuron is taught. */
    public static final double X = 1.0;
    public static final double Y = 0.0;
    /** The book's first starting point (output 0.82) and its second (output 0.98). */
    public static final Start GOOD_START = new Start(0.6, 0.9);
    public static final Start BAD_START = new Start(2.0, 2.0);
    /** The book's learning rates: 0.15 with the quadratic cost, 0.005 with the cross-entropy (it says why). */
    public static final double QUADRATIC_ETA = 0.15;
    public static final double CROSS_ENTROPY_ETA = 0.005;
    /** The book's animations run for 300 epochs. */
    public static final int EPOCHS = 300;
    /** The most epochs one call computes (the lab's requests are bounded by it). */
    public static final int MAX_EPOCHS = 100_000;

    /** A starting weight and bias. */
    public record Start(double w, double b) {
    }

    /** The neuron after an epoch (epoch 0: before any step): its weight, bias, output a = σ(wx + b) and cost. */
    public record State(int epoch, double w, double b, double output, double cost) {
    }

    private SlowdownNeuron() {
    }

    /** The book's learning rate for a cost. */
    public static double bookEta(Cost cost) {
        return cost == Cost.QUADRATIC ? QUADRATIC_ETA : CROSS_ENTROPY_ETA;
    }

    /** The neuron's states from {@code start} through {@code epochs} steps of gradient descent: epochs + 1 states. */
    public static List<State> learn(Cost cost, Start start, double eta, int epochs) {
        UserException.require(cost == Cost.QUADRATIC || cost == Cost.CROSS_ENTROPY,
                "the slowdown neuron learns with the quadratic or the cross-entropy cost, not " + cost.id());
        UserException.require(eta > 0 && eta <= 100, "eta must be above 0 and at most 100, got " + eta);
        UserException.require(epochs >= 0 && epochs <= MAX_EPOCHS, "epochs must be 0 to " + MAX_EPOCHS + ", got " + epochs);
        UserException.require(Double.isFinite(start.w()) && Math.abs(start.w()) <= 100
                && Double.isFinite(start.b()) && Math.abs(start.b()) <= 100, "w and b must be between -100 and 100");
        List<State> states = new ArrayList<>(epochs + 1);
        double w = start.w();
        double b = start.b();
        for (int epoch = 0; ; epoch++) {
            double z = w * X + b;
            double a = Activation.SIGMOID.apply(z);
            states.add(new State(epoch, w, b, a, cost.value(new double[] {a}, new double[] {Y})));
            if (epoch == epochs) {
                return states;
            }
            double delta = cost == Cost.QUADRATIC ? (a - Y) * a * (1 - a) : a - Y; // σ′(z) = σ(z)(1 − σ(z))
            w -= eta * delta * X;
            b -= eta * delta;
        }
    }
}

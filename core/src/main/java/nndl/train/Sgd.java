package nndl.train;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.math.Matrix;
import nndl.nn.Evaluation;
import nndl.nn.Layer;
import nndl.nn.Network;
import nndl.nn.Workspace;

/**
 * Mini-batch stochastic gradient descent, the book's {@code SGD(training_data, epochs,
 * mini_batch_size, eta, ...)}: each epoch shuffles the training data, splits it into
 * mini-batches of m examples, and for each mini-batch moves every weight and bias a step of
 * size η against the gradient of the cost, averaged over the mini-batch. Chapter 3's
 * improvements are switched on with the setters: L2 and L1 regularization, momentum,
 * dropout, a learning-rate schedule and early stopping.
 *
 * <pre>{@code
 * Network net = new Network(784, 30, 10).initialize(Initializer.DEFAULT, new Random(1));
 * TrainingResult r = new Sgd(30, 10, 3.0).train(net, mnist.training(), mnist.test(), null);
 * }</pre>
 */
public final class Sgd {
    private final int epochs;
    private final int miniBatchSize;
    private final float eta;
    private float lmbda;
    private float l1;
    private float momentum;
    private float dropout;
    private int schedule;
    private int earlyStop;
    private long seed = 1;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Set<Monitor> monitors = EnumSet.of(Monitor.EVALUATION_ACCURACY);

    public Sgd(int epochs, int miniBatchSize, double eta) {
        UserException.require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        UserException.require(miniBatchSize >= 1, "the mini-batch size must be at least 1, got " + miniBatchSize);
        UserException.require(eta > 0 && Double.isFinite(eta), "the learning rate eta must be positive, got " + eta);
        this.epochs = epochs;
        this.miniBatchSize = miniBatchSize;
        this.eta = (float) eta;
    }

    /** L2 regularization λ: w → (1 − ηλ/n) w − (η/m) Σ ∂C/∂w (book eq. 93). */
    public Sgd lmbda(double value) {
        UserException.require(value >= 0 && Double.isFinite(value), "lambda must be 0 or more, got " + value);
        this.lmbda = (float) value;
        return this;
    }

    /** L1 regularization λ: w → w − (ηλ/n) sgn(w) − (η/m) Σ ∂C/∂w (book eq. 100). */
    public Sgd l1(double value) {
        UserException.require(value >= 0 && Double.isFinite(value), "the L1 lambda must be 0 or more, got " + value);
        this.l1 = (float) value;
        return this;
    }

    /** Momentum μ: v → μv − η∇C, w → w + v (book eqs. 107 and 108). */
    public Sgd momentum(double value) {
        UserException.require(value >= 0 && value < 1, "momentum must be in [0, 1), got " + value);
        this.momentum = (float) value;
        return this;
    }

    /** Dropout: each hidden neuron is left out of a training pass with probability p. */
    public Sgd dropout(double p) {
        UserException.require(p >= 0 && p < 1, "dropout must be in [0, 1), got " + p);
        this.dropout = (float) p;
        return this;
    }

    /** Halve η whenever evaluation accuracy has not improved for n epochs; stop once η < η₀/128. 0 = off. */
    public Sgd schedule(int n) {
        UserException.require(n >= 0, "the schedule's patience must be 0 (off) or more epochs, got " + n);
        this.schedule = n;
        return this;
    }

    /** Stop after n epochs without improvement in evaluation accuracy and keep the best network. 0 = off. */
    public Sgd earlyStop(int n) {
        UserException.require(n >= 0, "early stopping's patience must be 0 (off) or more epochs, got " + n);
        this.earlyStop = n;
        return this;
    }

    public Sgd seed(long value) {
        this.seed = value;
        return this;
    }

    public Sgd threads(int n) {
        UserException.require(n >= 1, "threads must be at least 1, got " + n);
        this.threads = n;
        return this;
    }

    /** What to measure after each epoch (evaluation accuracy always, when there is evaluation data). */
    public Sgd monitor(Set<Monitor> which) {
        this.monitors = which.isEmpty() ? EnumSet.noneOf(Monitor.class) : EnumSet.copyOf(which);
        return this;
    }

    /**
     * Trains the network in place. With evaluation data it is evaluated after every epoch; the
     * listener (may be null) hears about each mini-batch and epoch.
     */
    public TrainingResult train(Network network, Dataset training, Dataset evaluation, TrainingListener listener) {
        TrainingListener out = listener != null ? listener : new TrainingListener() { };
        network.requireFits(training);
        UserException.require(training.size() > 0, "there is no training data");
        UserException.require(evaluation != null || (schedule == 0 && earlyStop == 0),
                "the learning-rate schedule and early stopping need evaluation data to watch");
        int n = training.size();
        int m = Math.min(miniBatchSize, n);
        Random random = new Random(seed);
        try (Kernels kernels = Kernels.create(threads)) {
            Workspace full = new Workspace(network, m, kernels, dropout, new Random(seed + 1));
            Workspace tail = n % m == 0 ? null : new Workspace(network, n % m, kernels, dropout, new Random(seed + 2));
            Velocities velocities = momentum > 0 ? new Velocities(network) : null;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            List<EpochResult> results = new ArrayList<>();
            Patience patience = new Patience();
            LearningRateSchedule rate = new LearningRateSchedule(eta, schedule);
            Network best = null;
            String stopReason = "all " + epochs + " epochs done";
            int batches = (n + m - 1) / m;
            for (int epoch = 0; epoch < epochs; epoch++) {
                float currentEta = rate.eta();
                long start = System.nanoTime();
                shuffle(order, random);
                for (int b = 0; b < batches; b++) {
                    int from = b * m;
                    Workspace w = from + m <= n ? full : tail;
                    training.fillBatch(order, from, w.x, w.y);
                    step(network, w, currentEta, n, velocities);
                    out.batchDone(epoch, b + 1, batches);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!network.allFinite()) {
                    throw diverged(epoch, "weights became NaN or infinite", currentEta);
                }
                Evaluation eval = evaluation == null ? null : regularized(network.evaluate(evaluation, kernels), network, n);
                // On the training images as given: an expanded set's variants would be drawn anew
                // (and draw on the random numbers the training's own variants come from).
                Evaluation train = monitors.contains(Monitor.TRAINING_COST) || monitors.contains(Monitor.TRAINING_ACCURACY)
                        ? regularized(network.evaluate(training.unexpanded(), kernels), network, n) : null;
                if ((eval != null && !Double.isFinite(eval.cost())) || (train != null && !Double.isFinite(train.cost()))) {
                    throw diverged(epoch, "the cost is NaN or infinite", currentEta);
                }
                EpochResult result = new EpochResult(epoch, seconds, currentEta, eval, train);
                results.add(result);
                out.epochDone(result);
                if (eval == null) {
                    continue;
                }
                if (patience.record(epoch, eval.correct()) && earlyStop > 0) {
                    best = best == null ? network.copy() : copyInto(best, network);
                }
                if (earlyStop > 0 && patience.sinceBest() >= earlyStop) {
                    stopReason = "no improvement in " + earlyStop + " epochs: stopped early after epoch " + epoch;
                    break;
                }
                if (rate.record(patience.sinceBest())) {
                    if (rate.finished()) {
                        stopReason = "the learning rate fell below eta/128: stopped after epoch " + epoch;
                        break;
                    }
                    out.message("no improvement in " + schedule + " epochs: halving eta to " + rate.eta());
                }
            }
            int bestEpoch = patience.bestEpoch();
            if (best != null && bestEpoch != results.size() - 1) {
                network.copyParametersFrom(best);
                stopReason += "; kept the network of epoch " + bestEpoch + ", the best";
            }
            out.message(stopReason);
            return new TrainingResult(List.copyOf(results), bestEpoch, stopReason);
        }
    }

    /**
     * One step of gradient descent on the mini-batch in w: forward, backpropagate, and move
     * every weight and bias against its gradient averaged over the m examples.
     */
    private void step(Network network, Workspace w, float eta, int n, Velocities velocities) {
        network.feedforward(w, true);
        network.backpropagate(w);
        float m = w.batchSize;
        float decay = 1f - eta * lmbda / n;
        for (int l = 0; l < network.layers().size(); l++) {
            Layer layer = network.layers().get(l);
            if (l1 > 0) {
                subtractSign(layer.weights, eta * l1 / n);
            }
            if (velocities == null) {
                // w → (1 − ηλ/n) w − (η/m) Σ_x a_inᵀ δ   (BP4, with L2 weight decay)
                network.weightGradient(w, l, -eta / m, decay, layer.weights);
                // b → b − (η/m) Σ_x δ                     (BP3)
                network.biasGradient(w, l, -eta / m, layer.biases);
            } else {
                // v → μv − (η/m) Σ_x a_inᵀ δ − (ηλ/n) w;  w → w + v
                Matrix v = velocities.weights[l];
                network.weightGradient(w, l, -eta / m, momentum, v);
                addScaled(v.data, -eta * lmbda / n, layer.weights.data);
                addScaled(layer.weights.data, 1f, v.data);
                float[] vb = velocities.biases[l];
                scale(vb, momentum);
                network.biasGradient(w, l, -eta / m, vb);
                addScaled(layer.biases, 1f, vb);
            }
        }
    }

    private static UserException diverged(int epoch, String what, float eta) {
        return new UserException("training diverged in epoch " + epoch + " (" + what
                + "): try a smaller --eta than " + eta);
    }

    /** Adds the regularization term to an evaluation's cost, as network2.py's total_cost does. */
    private Evaluation regularized(Evaluation e, Network network, int n) {
        double penalty = 0.5 * (lmbda / n) * network.sumOfSquaredWeights() + (l1 / n) * network.sumOfAbsoluteWeights();
        return new Evaluation(e.correct(), e.total(), e.cost() + penalty);
    }

    private static Network copyInto(Network target, Network source) {
        target.copyParametersFrom(source);
        return target;
    }

    /** Fisher–Yates shuffle, reproducible for the seed. */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** w → w − c·sgn(w). */
    private static void subtractSign(Matrix weights, float c) {
        float[] w = weights.data;
        for (int i = 0; i < w.length; i++) {
            w[i] -= c * Math.signum(w[i]);
        }
    }

    /** y → y + c·x. */
    private static void addScaled(float[] y, float c, float[] x) {
        if (c == 0f) {
            return;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] += c * x[i];
        }
    }

    private static void scale(float[] x, float c) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
    }

    /** The velocities of momentum-based gradient descent, one per weight and bias, starting at 0. */
    private static final class Velocities {
        final Matrix[] weights;
        final float[][] biases;

        Velocities(Network network) {
            int layers = network.layers().size();
            weights = new Matrix[layers];
            biases = new float[layers][];
            for (int l = 0; l < layers; l++) {
                Layer layer = network.layers().get(l);
                weights[l] = new Matrix(layer.inputs(), layer.neurons());
                biases[l] = new float[layer.neurons()];
            }
        }
    }
}

package nndl.train;

import java.util.ArrayList;
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
 * improvements are switched on in the {@link Settings}: L2 and L1 regularization, momentum,
 * dropout, a learning-rate schedule and early stopping.
 *
 * <pre>{@code
 * Network net = new Network(784, 30, 10).initialize(Initializer.DEFAULT, new Random(1));
 * TrainingResult r = new Sgd(30, 10, 3.0).train(net, mnist.training(), mnist.test(), null);
 *
 * Settings s = Settings.DEFAULT.with("cost", "cross-entropy").with("eta", "0.5").with("lambda", "5");
 * TrainingResult r2 = s.sgd().train(s.network(), mnist.training(), mnist.test(), null);
 * }</pre>
 */
public final class Sgd {
    private final Settings settings;
    private final int threads;
    private final int epochs;
    private final int miniBatchSize;
    private final float eta;
    private final float lambda;
    private final float l1;
    private final float momentum;
    private final float dropout;
    private final int schedule;
    private final int earlyStop;
    private final long seed;
    private final Set<Monitor> monitors;

    /** Gradient descent with the hyperparameters, seed and monitors of these settings (the network is the caller's). */
    public Sgd(Settings settings) {
        this(settings, Runtime.getRuntime().availableProcessors());
    }

    /** The book's plain run: {@code epochs} epochs of mini-batches of m examples at learning rate η. */
    public Sgd(int epochs, int miniBatchSize, double eta) {
        this(Settings.DEFAULT.toBuilder().epochs(epochs).miniBatchSize(miniBatchSize).eta(eta).build());
    }

    private Sgd(Settings settings, int threads) {
        UserException.require(threads >= 1, "threads must be at least 1, got " + threads);
        this.settings = settings;
        this.threads = threads;
        this.epochs = settings.epochs();
        this.miniBatchSize = settings.miniBatchSize();
        this.eta = (float) settings.eta();
        this.lambda = (float) settings.lambda();
        this.l1 = (float) settings.l1();
        this.momentum = (float) settings.momentum();
        this.dropout = (float) settings.dropout();
        this.schedule = settings.schedule();
        this.earlyStop = settings.earlyStop();
        this.seed = settings.seed();
        this.monitors = settings.monitors();
    }

    /** The settings this gradient descent runs with. */
    public Settings settings() {
        return settings;
    }

    /** The same with the kernels on n threads (default: all the machine's cores); the results are the same for any n. */
    public Sgd threads(int n) {
        return new Sgd(settings, n);
    }

    /** The same with L2 regularization λ: w → (1 − ηλ/n) w − (η/m) Σ ∂C/∂w (book eq. 93). */
    public Sgd lambda(double value) {
        return with(settings.toBuilder().lambda(value));
    }

    /** The same with L1 regularization λ: w → w − (ηλ/n) sgn(w) − (η/m) Σ ∂C/∂w (book eq. 100). */
    public Sgd l1(double value) {
        return with(settings.toBuilder().l1(value));
    }

    /** The same with momentum μ: v → μv − η∇C, w → w + v (book eqs. 107 and 108). */
    public Sgd momentum(double value) {
        return with(settings.toBuilder().momentum(value));
    }

    /** The same with dropout: each hidden neuron is left out of a training pass with probability p. */
    public Sgd dropout(double p) {
        return with(settings.toBuilder().dropout(p));
    }

    /** The same, halving η whenever the accuracy has not improved for n epochs; stopping once η < η₀/128. 0 = off. */
    public Sgd schedule(int n) {
        return with(settings.toBuilder().schedule(n));
    }

    /** The same, stopping after n epochs without improvement in accuracy and keeping the best network. 0 = off. */
    public Sgd earlyStop(int n) {
        return with(settings.toBuilder().earlyStop(n));
    }

    /** The same with another seed for shuffling and dropout. */
    public Sgd seed(long value) {
        return with(settings.toBuilder().seed(value));
    }

    /** The same, measuring these after each epoch (the evaluation accuracy always, when there is evaluation data). */
    public Sgd monitor(Set<Monitor> which) {
        return with(settings.toBuilder().monitors(which));
    }

    private Sgd with(Settings.Builder changed) {
        return new Sgd(changed.build(), threads);
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
        float decay = 1f - eta * lambda / n;
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
                addScaled(v.data, -eta * lambda / n, layer.weights.data);
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
        double penalty = 0.5 * (lambda / n) * network.sumOfSquaredWeights() + (l1 / n) * network.sumOfAbsoluteWeights();
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

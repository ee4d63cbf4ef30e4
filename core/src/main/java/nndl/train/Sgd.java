package nndl.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.math.Kernels;
import nndl.math.RandomStream;
import nndl.nn.Evaluation;
import nndl.nn.Gradient;
import nndl.nn.Layer;
import nndl.nn.Network;
import nndl.nn.Workspace;

/**
 * Mini-batch stochastic gradient descent, the book's {@code SGD(training_data, epochs,
 * mini_batch_size, eta, ...)}: each epoch shuffles the training data, splits it into
 * mini-batches of m examples, and for each mini-batch moves every weight and bias a step of
 * size η against the gradient of the cost, averaged over the mini-batch. Chapter 3's
 * improvements are switched on in the {@link Settings}: L2 and L1 regularization, momentum,
 * dropout, expanded training data, a learning-rate schedule and early stopping. After every
 * epoch a listener is handed a {@link Checkpoint}, from which {@link #resume} goes on exactly as
 * if training had never stopped.
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
     * Trains the network in place: the book's {@code SGD(training_data, ..., evaluation_data)}.
     * The evaluation data (may be null) is evaluated after every epoch and reported, never
     * steering: a schedule or early stopping needs {@link #train(Network, Dataset, Dataset,
     * Dataset, TrainingListener) validation data}. The listener (may be null) hears about each
     * mini-batch and epoch.
     */
    public TrainingResult train(Network network, Dataset training, Dataset evaluation, TrainingListener listener) {
        return train(network, training, null, evaluation, listener);
    }

    /**
     * Trains the network in place, steered by validation data and reporting on evaluation data.
     * After every epoch both are evaluated (once, if they are the same data): the learning-rate
     * schedule, early stopping and the best network kept decide on the validation accuracy
     * alone, so the test data can be reported beside it without ever choosing anything. The
     * training images are expanded as the settings say (give them as they are).
     *
     * @param validation the held-out data that steers (null: none; then neither the schedule nor early stopping may be on)
     * @param evaluation data reported after each epoch (null: none; may be the validation data itself)
     * @param listener   hears about each mini-batch and epoch, and is handed a checkpoint after each epoch (may be null)
     */
    public TrainingResult train(Network network, Dataset training, Dataset validation, Dataset evaluation,
                                TrainingListener listener) {
        network.requireFits(training);
        int n = training.size() * Expansion.variants(settings.expand());
        return run(TrainingState.start(settings, network, n), training, validation, evaluation, listener);
    }

    /**
     * Goes on with a run from its checkpoint, exactly as if it had never stopped: the same
     * numbers, bit for bit, on any number of threads. The network (of the checkpoint's sizes,
     * neurons and cost) is given the checkpoint's weights and biases and trained on; the data
     * must be the run's. These settings must be the checkpoint's but for the number of epochs,
     * which may be raised to train a finished run further. A run that stopped early, or is done,
     * is not trained further; its result is returned.
     */
    public TrainingResult resume(Checkpoint checkpoint, Network network, Dataset training, Dataset validation,
                                 Dataset evaluation, TrainingListener listener) {
        List<String> changed = checkpoint.otherSettings(settings);
        UserException.require(changed.isEmpty(), "the checkpoint's run has other settings: " + changed.stream()
                .map(name -> name + " " + checkpoint.settings().toMap().get(name) + ", not " + settings.toMap().get(name))
                .collect(Collectors.joining("; ")) + "; only the number of epochs may change when a run goes on");
        UserException.require(settings.epochs() >= checkpoint.epochsDone(), "the checkpoint's run has done "
                + checkpoint.epochsDone() + " epochs; it cannot go on to " + settings.epochs());
        Network saved = checkpoint.network();
        UserException.require(Arrays.equals(saved.sizes(), network.sizes()) && saved.cost() == network.cost()
                        && saved.hiddenActivation() == network.hiddenActivation()
                        && saved.outputActivation() == network.outputActivation(),
                "the checkpoint holds a " + describe(saved) + " network, not a " + describe(network) + " one");
        network.requireFits(training);
        return run(checkpoint.resumeInto(network), training, validation, evaluation, listener);
    }

    private static String describe(Network network) {
        return Arrays.toString(network.sizes()) + " " + (network.hiddenActivation() != null
                ? network.hiddenActivation().id() + "/" : "") + network.outputActivation().id() + " " + network.cost().id();
    }

    /** Trains from a state to the last epoch of the settings, or until the state says it stopped. */
    private TrainingResult run(TrainingState state, Dataset images, Dataset validation, Dataset evaluation,
                               TrainingListener listener) {
        TrainingListener out = listener != null ? listener : r -> { };
        UserException.require(images.size() > 0, "there is no training data");
        UserException.require(validation != null || (schedule == 0 && earlyStop == 0),
                "the learning-rate schedule and early stopping need validation data to watch");
        UserException.require(settings.expand().isEmpty() || images.unexpanded() == images,
                "the training data is expanded already: give the images as they are, and the expansion in the settings");
        Dataset training = images.expanded(Expansion.of(settings.expand(), state.expansion));
        int n = training.size();
        UserException.require(state.order.length == n, "the run was trained on " + state.order.length
                + " images an epoch, not " + n + ": give it the same training data");
        int m = Math.min(miniBatchSize, n);
        Network network = state.network;
        try (Kernels kernels = Kernels.create(threads)) {
            Workspace full = new Workspace(network, m, kernels, dropout, state.dropout);
            Workspace tail = n % m == 0 ? null : new Workspace(network, n % m, kernels, dropout, state.dropoutTail);
            int batches = (n + m - 1) / m;
            for (int epoch = state.epochsDone(); epoch < epochs && state.stopReason == null; epoch++) {
                float currentEta = state.schedule.eta();
                long start = System.nanoTime();
                shuffle(state.order, state.shuffling);
                float stepEta = currentEta;
                for (int b = 0; b < batches; b++) {
                    int from = b * m;
                    Workspace w = from + m <= n ? full : tail;
                    training.fillBatch(state.order, from, w.x, w.y);
                    stepEta = (float) out.eta(epoch, currentEta);
                    step(network, w, stepEta, n, state.velocities);
                    out.batchDone(epoch, b + 1, batches);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!network.allFinite()) {
                    throw diverged(epoch, "weights became NaN or infinite", stepEta);
                }
                Evaluation eval = evaluation == null ? null : regularized(network.evaluate(evaluation, kernels), network, n);
                Evaluation valid = validation == null ? null
                        : validation == evaluation ? eval : regularized(network.evaluate(validation, kernels), network, n);
                // On the training images as given: an expanded set's variants would be drawn anew
                // (and draw on the random numbers the training's own variants come from).
                Evaluation train = monitors.contains(Monitor.TRAINING_COST) || monitors.contains(Monitor.TRAINING_ACCURACY)
                        ? regularized(network.evaluate(images, kernels), network, n) : null;
                for (Evaluation e : new Evaluation[] {eval, valid, train}) {
                    if (e != null && !Double.isFinite(e.cost())) {
                        throw diverged(epoch, "the cost is NaN or infinite", stepEta);
                    }
                }
                EpochResult result = new EpochResult(epoch, seconds, stepEta, eval, valid, train);
                state.history.add(result);
                out.epochDone(result);
                steer(state, valid != null ? valid : eval, valid != null, out);
                out.checkpoint(new Checkpoint(settings, state.copy()));
            }
            int bestEpoch = state.patience.bestEpoch();
            int kept = state.epochsDone() - 1;
            String stopReason = state.stopReason != null ? state.stopReason : state.epochsDone() == 1 ? "the one epoch done" : "all " + state.epochsDone() + " epochs done";
            if (earlyStop > 0 && state.best != null && bestEpoch != kept) {
                network.copyParametersFrom(state.best);
                kept = bestEpoch;
                stopReason += "; kept the network of epoch " + bestEpoch + ", the best";
            }
            out.message(stopReason);
            return new TrainingResult(List.copyOf(state.history), bestEpoch, kept, stopReason);
        }
    }

    /**
     * After an epoch: records its accuracy on the data that steers (or, without validation
     * data, on the evaluation data, only to report the best epoch), keeps the best network by
     * validation accuracy, and applies early stopping and the schedule.
     */
    private void steer(TrainingState state, Evaluation watched, boolean validation, TrainingListener out) {
        if (watched == null) {
            return;
        }
        int epoch = state.epochsDone() - 1;
        if (state.patience.record(epoch, watched.correct()) && validation) {
            if (state.best == null) {
                state.best = state.network.copy();
            } else {
                state.best.copyParametersFrom(state.network);
            }
        }
        int sinceBest = state.patience.sinceBest();
        if (earlyStop > 0 && sinceBest >= earlyStop) {
            state.stopReason = "no improvement in " + earlyStop + " epochs: stopped early after epoch " + epoch;
        } else if (schedule > 0 && state.schedule.record(sinceBest)) {
            if (state.schedule.finished()) {
                state.stopReason = "the learning rate fell below eta/128: stopped after epoch " + epoch;
            } else {
                out.message("no improvement in " + schedule + " epochs: halving eta to " + state.schedule.eta());
            }
        }
    }

    /**
     * One step of gradient descent on the mini-batch in w: forward, backpropagate, and move
     * every weight and bias by the update rule ({@link UpdateRules}).
     */
    private void step(Network network, Workspace w, float eta, int n, Velocities velocities) {
        network.feedforward(w, true);
        Gradient g = network.backpropagate(w);
        int m = w.batchSize;
        for (int l = 0; l < network.layers().size(); l++) {
            Layer layer = network.layers().get(l);
            if (l1 > 0) {
                UpdateRules.shrink(layer.weights, eta, l1, n);
            }
            if (velocities == null) {
                UpdateRules.descend(layer, g, l, eta, m, lambda, n);
            } else {
                UpdateRules.momentum(layer, velocities, g, l, momentum, eta, m, lambda, n);
            }
        }
    }

    private static UserException diverged(int epoch, String what, float eta) {
        return new UserException("training diverged in epoch " + epoch + " (" + what
                + "): try a learning rate eta smaller than " + eta);
    }

    /**
     * The network's accuracy on some data, and its cost as this run counts it after each epoch
     * (with the regularization term for a training set of n images): for a listener that measures
     * between epochs too, as the lab's live curves do.
     */
    public Evaluation evaluate(Network network, Dataset data, int n, Kernels kernels) {
        return regularized(network.evaluate(data, kernels), network, n);
    }

    /**
     * Adds the regularization term to an evaluation's cost: (λ/2n) Σ w² + (λ₁/n) Σ |w| with n the
     * size of the training set, as the book's eqs. 85 and 95 write the regularized cost.
     * (network2.py's total_cost divides λ by the size of the data being costed instead, so its
     * evaluation cost on 10,000 images carries five times the penalty of ours for 50,000.)
     */
    private Evaluation regularized(Evaluation e, Network network, int n) {
        double penalty = 0.5 * (lambda / n) * network.sumOfSquaredWeights() + (l1 / n) * network.sumOfAbsoluteWeights();
        return new Evaluation(e.correct(), e.total(), e.cost() + penalty);
    }

    /** Fisher–Yates shuffle, reproducible for the seed. */
    private static void shuffle(int[] order, RandomStream random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}

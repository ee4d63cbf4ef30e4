package nndl.train;

import java.util.ArrayList;
import java.util.List;
import nndl.math.RandomStream;
import nndl.nn.Network;

/**
 * Everything that carries from one epoch of training to the next, in one place: nothing else
 * in a run changes from epoch to epoch. {@link Sgd} trains from it and updates it;
 * {@link Checkpoint} is a copy of it, kept or written to a file, from which training goes on
 * exactly as if it had never stopped.
 */
final class TrainingState {
    /** The weights and biases being trained. */
    final Network network;
    /** Momentum's velocities, or null without momentum. */
    final Velocities velocities;
    /** Shuffles the training images each epoch. */
    final RandomStream shuffling;
    /** Drops hidden neurons in the full mini-batches, and in the last, smaller one. */
    final RandomStream dropout;
    final RandomStream dropoutTail;
    /** Draws the elastic distortions of an expanded training set. */
    final RandomStream expansion;
    /** The training images' order after the last epoch's shuffle (each epoch shuffles it further). */
    final int[] order;
    /** η for the next epoch, halved by the schedule. */
    final LearningRateSchedule schedule;
    /** The best epoch by validation accuracy so far, and the epochs since. */
    final Patience patience;
    /** Every epoch's result so far. */
    final List<EpochResult> history;
    /** The network of the best epoch by validation accuracy (null without validation data, or before an epoch). */
    Network best;
    /** Why training stopped before its last epoch (early stopping, or η too small), or null while it may go on. */
    String stopReason;

    TrainingState(Network network, Velocities velocities, RandomStream shuffling, RandomStream dropout,
                  RandomStream dropoutTail, RandomStream expansion, int[] order, LearningRateSchedule schedule,
                  Patience patience, List<EpochResult> history, Network best, String stopReason) {
        this.network = network;
        this.velocities = velocities;
        this.shuffling = shuffling;
        this.dropout = dropout;
        this.dropoutTail = dropoutTail;
        this.expansion = expansion;
        this.order = order;
        this.schedule = schedule;
        this.patience = patience;
        this.history = history;
        this.best = best;
        this.stopReason = stopReason;
    }

    /**
     * The state before the first epoch of a run with these settings, on n training images: the
     * network as given, velocities 0, each random stream at its seed (the order shuffled from
     * seed, dropout from seed + 1 and seed + 2, elastic distortions from seed), the images in
     * their order.
     */
    static TrainingState start(Settings settings, Network network, int n) {
        long seed = settings.seed();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return new TrainingState(network, settings.momentum() > 0 ? new Velocities(network) : null,
                new RandomStream(seed), new RandomStream(seed + 1), new RandomStream(seed + 2), new RandomStream(seed),
                order, new LearningRateSchedule((float) settings.eta(), settings.schedule()), new Patience(),
                new ArrayList<>(), null, null);
    }

    /** Epochs completed. */
    int epochsDone() {
        return history.size();
    }

    /** A copy that shares nothing with this state. */
    TrainingState copy() {
        Velocities v = null;
        if (velocities != null) {
            v = new Velocities(network);
            v.copyFrom(velocities);
        }
        return new TrainingState(network.copy(), v, RandomStream.at(shuffling.state()), RandomStream.at(dropout.state()),
                RandomStream.at(dropoutTail.state()), RandomStream.at(expansion.state()), order.clone(), schedule.copy(),
                patience.copy(), new ArrayList<>(history), best == null ? null : best.copy(), stopReason);
    }
}

package nndl.train;

/**
 * Hears about training as it goes: after every epoch and, for progress bars, every mini-batch.
 * A lambda will do for the epochs alone: {@code r -> System.out.println(r.evaluation())}.
 */
@FunctionalInterface
public interface TrainingListener {
    /** After each epoch, with its evaluations. */
    void epochDone(EpochResult result);

    /** After each mini-batch: {@code done} of {@code total} mini-batches of this epoch are through. */
    default void batchDone(int epoch, int done, int total) {
    }

    /** A note for a person, such as "halving eta to 0.25" or "stopping early". */
    default void message(String text) {
    }

    /**
     * After each epoch, once it is evaluated and the schedule and early stopping have spoken:
     * everything the next epoch needs, to write ({@link Checkpoint#write}) and resume from
     * ({@link Sgd#resume}). Its history is the run's record up to here.
     */
    default void checkpoint(Checkpoint checkpoint) {
    }

    /**
     * The learning rate for the next mini-batch of this epoch, given the one the run would use
     * (its η, or the schedule's): unchanged unless the listener steers the run, as the lab's η
     * control does while a run trains (a checkpoint keeps the schedule's η, not this one). A
     * mini-batch may also be held up, or the run stopped by throwing, in {@link #batchDone}: it
     * runs on the training thread.
     */
    default double eta(int epoch, double eta) {
        return eta;
    }

    /** Listeners heard in turn, each about everything (one throwing stops the training and the ones after it). */
    static TrainingListener all(TrainingListener... listeners) {
        return new TrainingListener() {
            @Override
            public void epochDone(EpochResult result) {
                for (TrainingListener l : listeners) {
                    l.epochDone(result);
                }
            }

            @Override
            public void batchDone(int epoch, int done, int total) {
                for (TrainingListener l : listeners) {
                    l.batchDone(epoch, done, total);
                }
            }

            @Override
            public void message(String text) {
                for (TrainingListener l : listeners) {
                    l.message(text);
                }
            }

            @Override
            public void checkpoint(Checkpoint checkpoint) {
                for (TrainingListener l : listeners) {
                    l.checkpoint(checkpoint);
                }
            }

            /** Each listener may change the learning rate the one before it gave. */
            @Override
            public double eta(int epoch, double eta) {
                double e = eta;
                for (TrainingListener l : listeners) {
                    e = l.eta(epoch, e);
                }
                return e;
            }
        };
    }
}

package nndl.train;

/** Hears about training as it goes: after every mini-batch (for progress bars) and every epoch. */
public interface TrainingListener {
    /** After each mini-batch: {@code done} of {@code total} mini-batches of this epoch are through. */
    default void batchDone(int epoch, int done, int total) {
    }

    /** After each epoch, with its evaluation. */
    default void epochDone(EpochResult result) {
    }

    /** A note for a person, such as "halving η to 0.25" or "stopping early". */
    default void message(String text) {
    }

    /**
     * The learning rate for the next mini-batch of this epoch, given the one the run would use
     * (its η, or the schedule's): unchanged unless the listener steers the run, as the lab's η
     * control does while a run trains. (A mini-batch may also be held up, or the run stopped by
     * throwing, in {@link #batchDone}: it runs on the training thread.)
     */
    default double eta(int epoch, double eta) {
        return eta;
    }
}

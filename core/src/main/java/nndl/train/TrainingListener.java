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
}

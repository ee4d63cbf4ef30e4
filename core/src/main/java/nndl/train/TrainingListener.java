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
}

package nndl.search;

import java.util.LinkedHashMap;
import java.util.Map;
import nndl.data.Dataset;
import nndl.train.Settings;

/**
 * What every trial of a search trains with: the base settings (their map form, {@link Settings#toMap()}), the
 * training data and the validation data it is scored on. The test set is not part of it.
 *
 * @param watchTrainingCost also measure the training cost before and after each epoch (the book's η threshold)
 */
public record TrainingSetup(Map<String, Object> base, Dataset training, Dataset validation, boolean watchTrainingCost) {
    public TrainingSetup {
        base = new LinkedHashMap<>(base);
    }

    /** What trains each job, the same on every engine; every job from its first epoch. */
    public Trainer trainer() {
        return new TrialTrainer(Settings.fromMap(base), training, validation, watchTrainingCost, null);
    }

    /**
     * The same, keeping each trial's checkpoint in {@code checkpoints.apply(trial)} after every
     * epoch and going on from it (a promotion, a resumed search) when it can.
     */
    public Trainer trainer(java.util.function.IntFunction<java.nio.file.Path> checkpoints) {
        return new TrialTrainer(Settings.fromMap(base), training, validation, watchTrainingCost, checkpoints);
    }
}

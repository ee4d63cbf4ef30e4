package nndl.train;

import java.util.List;

/**
 * The outcome of a training run: every epoch's result, the best epoch (by validation accuracy
 * when there was validation data, else by evaluation accuracy, only reported; -1 without
 * either), the epoch whose network the trained network holds (the last, or the best one early
 * stopping kept), and why training stopped.
 */
public record TrainingResult(List<EpochResult> epochs, int bestEpoch, int keptEpoch, String stopReason) {
    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }

    public EpochResult best() {
        return bestEpoch < 0 ? null : epochs.get(bestEpoch);
    }

    /** The result of the epoch whose network training ended with. */
    public EpochResult kept() {
        return epochs.get(keptEpoch);
    }
}

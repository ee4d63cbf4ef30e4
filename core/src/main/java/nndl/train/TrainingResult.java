package nndl.train;

import java.util.List;

/**
 * The outcome of a training run: every epoch's result, the best epoch by evaluation accuracy
 * (-1 without evaluation data), and why training stopped.
 */
public record TrainingResult(List<EpochResult> epochs, int bestEpoch, String stopReason) {
    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }

    public EpochResult best() {
        return bestEpoch < 0 ? null : epochs.get(bestEpoch);
    }
}

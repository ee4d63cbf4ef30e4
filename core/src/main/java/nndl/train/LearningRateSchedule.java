package nndl.train;

/**
 * The book's learning-rate schedule (chapter 3, "How to choose a neural network's
 * hyper-parameters"): hold η constant until the evaluation accuracy has not improved for n
 * epochs, then halve it; stop once η has fallen below η₀/128.
 */
final class LearningRateSchedule {
    private final float initialEta;
    private final int patience;
    private float eta;

    LearningRateSchedule(float initialEta, int patience) {
        this.initialEta = initialEta;
        this.patience = patience;
        this.eta = initialEta;
    }

    float eta() {
        return eta;
    }

    /** After an epoch, given how many epochs ago the accuracy last improved ({@link Patience}): true if η was halved now. */
    boolean record(int epochsSinceBest) {
        if (patience > 0 && epochsSinceBest > 0 && epochsSinceBest % patience == 0) {
            eta /= 2;
            return true;
        }
        return false;
    }

    /** Whether η has fallen below η₀/128, so training should stop. */
    boolean finished() {
        return eta < initialEta / 128;
    }
}

package nndl.train;

/**
 * The book's learning-rate schedule (chapter 3, "How to choose a neural network's
 * hyper-parameters"): hold η constant until the validation accuracy has not improved for n
 * epochs, then halve it; stop once η has fallen below η₀/128.
 */
final class LearningRateSchedule {
    private final float initialEta;
    private final int patience;
    private float eta;

    /** Starting at η₀; patience n (0: η stays η₀). */
    LearningRateSchedule(float initialEta, int patience) {
        this(initialEta, patience, initialEta);
    }

    /** Where a run was: η₀, the patience, and the η it has come down to. */
    LearningRateSchedule(float initialEta, int patience, float eta) {
        this.initialEta = initialEta;
        this.patience = patience;
        this.eta = eta;
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

    LearningRateSchedule copy() {
        return new LearningRateSchedule(initialEta, patience, eta);
    }
}

package nndl.train;

/**
 * Watches the evaluation accuracy epoch by epoch and counts the epochs since it last improved:
 * the "no-improvement-in-n" rule of chapter 3 behind early stopping and the learning-rate schedule.
 */
final class Patience {
    private int bestCorrect = -1;
    private int bestEpoch = -1;
    private int sinceBest;

    /** Records an epoch's accuracy; returns whether it is the best so far. */
    boolean record(int epoch, int correct) {
        if (correct > bestCorrect) {
            bestCorrect = correct;
            bestEpoch = epoch;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    int sinceBest() {
        return sinceBest;
    }

    int bestEpoch() {
        return bestEpoch;
    }
}

package nndl.train;

/**
 * Watches the validation accuracy epoch by epoch and counts the epochs since it last improved:
 * the "no-improvement-in-n" rule of chapter 3 behind early stopping and the learning-rate schedule.
 */
final class Patience {
    private int bestCorrect;
    private int bestEpoch;
    private int sinceBest;

    /** Before the first epoch. */
    Patience() {
        this(-1, -1, 0);
    }

    /** Where a run was: the best accuracy so far (-1: none yet), its epoch, and the epochs since. */
    Patience(int bestCorrect, int bestEpoch, int sinceBest) {
        this.bestCorrect = bestCorrect;
        this.bestEpoch = bestEpoch;
        this.sinceBest = sinceBest;
    }

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

    int bestCorrect() {
        return bestCorrect;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    int sinceBest() {
        return sinceBest;
    }

    Patience copy() {
        return new Patience(bestCorrect, bestEpoch, sinceBest);
    }
}

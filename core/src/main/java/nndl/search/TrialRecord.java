package nndl.search;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one job of a trial gave, scored on validation data only: the validation accuracy and
 * cost after each epoch (the score is the last epoch's accuracy), the training cost when it was
 * watched (the book's η threshold), the seconds each epoch took, and where it ran. A search
 * folder keeps one per job ({@link SearchFolder}); they are all a resumed search needs to know
 * what was done.
 *
 * @param trial        the trial's number
 * @param values       the trial's values of the searched options
 * @param rung         the job's rung (0 for grid and random search)
 * @param epochs       the epochs the job asked for
 * @param status       {@link #FINISHED}, or {@link #FAILED} when training could not go on (it diverged)
 * @param note         why training stopped (all epochs done, early stopping), or why it failed
 * @param validationTotal    images in the validation data
 * @param validationCorrect  validation images right after each epoch
 * @param validationCost     validation cost after each epoch (with the regularization term)
 * @param trainingCostBefore the training cost before the first epoch, when watched; else null
 * @param trainingCost       the training cost after each epoch, when watched; else empty
 * @param seconds            each epoch's training time (evaluation excluded)
 * @param resumedFrom        the epochs this job took from the trial's checkpoint instead of training them (0: none)
 * @param kernels            the matrix kernels that ran the trial ("vector" or "plain Java")
 * @param worker             where it ran (a local thread, or a Spark executor)
 * @param sequence           the order in which the search heard of it (from 0); -1 until then
 */
public record TrialRecord(int trial, Map<String, String> values, int rung, int epochs, String status, String note,
                          int validationTotal, List<Integer> validationCorrect, List<Double> validationCost,
                          Double trainingCostBefore, List<Double> trainingCost, List<Double> seconds, int resumedFrom,
                          String kernels, String worker, long sequence) implements Serializable {
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    /** Best first: most validation images right at the last epoch, then lowest validation cost, then lowest trial number. */
    public static final Comparator<TrialRecord> BEST_FIRST = Comparator.comparingInt(TrialRecord::score).reversed()
            .thenComparingDouble(TrialRecord::finalCost).thenComparingInt(TrialRecord::trial);

    public TrialRecord {
        values = new Trial(trial, values).values();
        validationCorrect = List.copyOf(validationCorrect);
        validationCost = List.copyOf(validationCost);
        trainingCost = List.copyOf(trainingCost);
        seconds = List.copyOf(seconds);
    }

    public boolean finished() {
        return FINISHED.equals(status) && !validationCorrect.isEmpty();
    }

    /** Validation images right after the last epoch; -1 for a failed job (below every finished one). */
    public int score() {
        return finished() ? validationCorrect.get(validationCorrect.size() - 1) : -1;
    }

    /** The last epoch's validation accuracy, 0 to 1 (0 for a failed job). */
    public double accuracy() {
        return finished() ? (double) score() / validationTotal : 0;
    }

    /** The run's epochs after this job (fewer than asked when early stopping or the schedule ended training). */
    public int epochsTrained() {
        return seconds.size();
    }

    /** The epochs this job paid for: those it trained, not those it took from a checkpoint. */
    public int epochsSpent() {
        return epochsTrained() - resumedFrom;
    }

    public double trainSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).sum();
    }

    double finalCost() {
        return finished() ? validationCost.get(validationCost.size() - 1) : Double.POSITIVE_INFINITY;
    }

    /** This record as the search heard of it, {@code n}-th. */
    public TrialRecord withSequence(long n) {
        return new TrialRecord(trial, values, rung, epochs, status, note, validationTotal, validationCorrect,
                validationCost, trainingCostBefore, trainingCost, seconds, resumedFrom, kernels, worker, n);
    }

    /**
     * The record without what varies from run to run of the same job (times, where it ran, the
     * order, whether it went on from a checkpoint): its result.
     */
    public TrialRecord result() {
        return new TrialRecord(trial, values, rung, epochs, status, note, validationTotal, validationCorrect,
                validationCost, trainingCostBefore, trainingCost, List.of(), 0, kernels, "", -1);
    }

    /** A job that failed (its training diverged, or its settings do not go together), with the reason. */
    public static TrialRecord failed(TrialJob job, String why, String kernels, String worker) {
        return new TrialRecord(job.trial().id(), job.trial().values(), job.rung(), job.epochs(), FAILED, why, 0,
                List.of(), List.of(), null, List.of(), List.of(), 0, kernels, worker, -1);
    }
}

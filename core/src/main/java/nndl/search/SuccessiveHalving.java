package nndl.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nndl.UserException;

/**
 * Asynchronous successive halving (Li et al.'s ASHA; Optuna's SuccessiveHalvingPruner): every
 * trial starts with a few epochs, and whenever a slot is free the best third of the trials
 * finished at a rung, not yet promoted, goes on to the next rung with three times the epochs,
 * up to the full budget. Nothing waits for a rung to fill: a promotion is decided on the trials
 * finished so far, so the slots never idle while a rung's last trials run.
 *
 * <p>The rungs go down from the full budget R by factors of three, rounded: R = 30 gives 1, 3,
 * 10 and 30 epochs, R = 20 gives 2, 7 and 20, never fewer than the least epochs asked for. When
 * nothing runs and nothing can start or be promoted, but no trial has yet trained for the full
 * budget (too few trials finished at a rung for a third of them to be one), the best trial of
 * the highest rung goes on, so that a search always ends with a trial trained in full.
 *
 * <p>A promoted trial's job asks for the new rung's epochs in all; the trainer goes on from the
 * trial's checkpoint at the lower rung when there is one, else trains again from the first epoch
 * (the same seed gives the same first epochs, so the record is the same either way). The decisions depend on the order in which jobs finish,
 * so with more than one slot two runs of the same search may promote differently; each job's
 * result is the same on any engine.
 */
public final class SuccessiveHalving implements Strategy {
    /** Each rung keeps a third of its trials and gives them three times the epochs. */
    public static final int FACTOR = 3;

    private final List<Trial> trials;
    private final int[] rungs;
    private final List<List<TrialRecord>> finished = new ArrayList<>();
    private final List<Set<Integer>> promoted = new ArrayList<>();
    private final Set<Integer> started = new HashSet<>();
    private final Set<Integer> running = new HashSet<>();

    public SuccessiveHalving(List<Trial> trials, int fullEpochs, int minEpochs) {
        this.trials = List.copyOf(trials);
        this.rungs = rungs(fullEpochs, minEpochs);
        for (int k = 0; k < rungs.length; k++) {
            finished.add(new ArrayList<>());
            promoted.add(new HashSet<>());
        }
    }

    /** The epochs of each rung, fewest first: R, R/3, R/9, ... rounded, down to {@code minEpochs}. */
    public static int[] rungs(int fullEpochs, int minEpochs) {
        UserException.require(minEpochs >= 1, "--min-epochs must be at least 1, got " + minEpochs);
        UserException.require(minEpochs <= fullEpochs, "--min-epochs " + minEpochs + " is more than the "
                + fullEpochs + " epochs of the full budget: lower it or raise epochs");
        List<Integer> down = new ArrayList<>();
        for (double e = fullEpochs; e >= minEpochs; e /= FACTOR) {
            int epochs = (int) Math.round(e);
            if (down.isEmpty() || epochs < down.get(down.size() - 1)) {
                down.add(epochs);
            }
        }
        int[] up = new int[down.size()];
        for (int k = 0; k < up.length; k++) {
            up[k] = down.get(up.length - 1 - k);
        }
        return up;
    }

    @Override
    public TrialJob next() {
        for (int k = rungs.length - 2; k >= 0; k--) {
            List<TrialRecord> ranked = ranked(k);
            int top = finished.get(k).size() / FACTOR;
            for (int i = 0; i < Math.min(top, ranked.size()); i++) {
                TrialRecord r = ranked.get(i);
                if (promoted.get(k).add(r.trial())) {
                    return start(r.trial(), k + 1);
                }
            }
        }
        for (Trial t : trials) {
            if (started.add(t.id())) {
                return start(t.id(), 0);
            }
        }
        if (running.isEmpty() && ranked(rungs.length - 1).isEmpty()) {
            for (int k = rungs.length - 2; k >= 0; k--) {
                for (TrialRecord r : ranked(k)) {
                    if (promoted.get(k).add(r.trial())) {
                        return start(r.trial(), k + 1);
                    }
                }
            }
        }
        return null;
    }

    private TrialJob start(int trial, int rung) {
        running.add(trial);
        return new TrialJob(trials.get(trial), rung, rungs[rung]);
    }

    /** The finished (not failed) records of rung k, best first. */
    private List<TrialRecord> ranked(int k) {
        List<TrialRecord> ranked = new ArrayList<>();
        for (TrialRecord r : finished.get(k)) {
            if (r.finished()) {
                ranked.add(r);
            }
        }
        ranked.sort(TrialRecord.BEST_FIRST);
        return ranked;
    }

    @Override
    public void record(TrialRecord record) {
        int k = record.rung();
        UserException.require(k >= 0 && k < rungs.length && record.epochs() == rungs[k], "trial "
                + record.trial() + "'s record is for " + record.epochs() + " epochs at rung " + k
                + ", which this search does not have: resume it with the options it was started with");
        running.remove(record.trial());
        started.add(record.trial());
        if (k > 0) {
            promoted.get(k - 1).add(record.trial());
        }
        finished.get(k).add(record);
    }
}

package nndl.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Grid and random search: a fixed list of trials, each trained once for the full budget, in order.
 * A resumed search skips those already recorded.
 */
public final class FixedTrials implements Strategy {
    private final List<Trial> trials;
    private final int epochs;
    private final Set<Integer> issued = new HashSet<>();

    public FixedTrials(List<Trial> trials, int epochs) {
        this.trials = List.copyOf(trials);
        this.epochs = epochs;
    }

    @Override
    public TrialJob next() {
        for (Trial t : trials) {
            if (issued.add(t.id())) {
                return new TrialJob(t, 0, epochs);
            }
        }
        return null;
    }

    @Override
    public void record(TrialRecord record) {
        issued.add(record.trial());
    }

    @Override
    public List<Trial> trials() {
        return trials;
    }

    @Override
    public int fullEpochs() {
        return epochs;
    }
}

package nndl.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Grid and random search: a fixed list of trials, each trained once for the full budget (or the
 * epochs it sets itself, when the space varies them), in order.
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
                return new TrialJob(t, 0, epochsOf(t));
            }
        }
        return null;
    }

    /** The trial's own epochs when the space varies them, else the full budget. */
    private int epochsOf(Trial t) {
        String own = t.values().get("epochs");
        return own != null ? Integer.parseInt(own) : epochs;
    }

    @Override
    public void record(TrialRecord record) {
        issued.add(record.trial());
    }
}

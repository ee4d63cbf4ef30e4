package nndl.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stands in for training where a test is about the search, not the network: trial t's quality
 * q[t] decides its validation score, which grows with the epochs (q·100 + epochs images right
 * out of 10,000 after the last epoch). It remembers the jobs it ran, in order.
 */
final class FakeTrainer implements Trainer {
    final int[] quality;
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    FakeTrainer(int... quality) {
        this.quality = quality;
    }

    @Override
    public TrialRecord train(TrialJob job, String worker) {
        ran.add(job.trial().id() + "@" + job.epochs());
        int q = quality[job.trial().id()];
        List<Integer> correct = new ArrayList<>();
        List<Double> cost = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (int e = 1; e <= job.epochs(); e++) {
            correct.add(q * 100 + e);
            cost.add(1.0 / (q + e));
            seconds.add(0.001);
        }
        return new TrialRecord(job.trial().id(), job.trial().values(), job.rung(), job.epochs(), TrialRecord.FINISHED,
                "all done", 10_000, correct, cost, null, List.of(), seconds, 0, "fake", worker, -1);
    }

    static List<Trial> trials(int n) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trials.add(new Trial(i, java.util.Map.of("eta", Integer.toString(i))));
        }
        return trials;
    }
}

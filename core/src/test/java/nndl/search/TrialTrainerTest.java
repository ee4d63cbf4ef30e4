package nndl.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nndl.data.Mnist;
import nndl.data.MnistTest;
import nndl.train.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real trials: a halving search gives the same records whether promotions go on from checkpoints or train again. */
class TrialTrainerTest {
    @TempDir
    Path dir;

    static final Settings BASE = Settings.DEFAULT.with(Map.of("hidden", 20, "train-size", 1000, "epochs", 9));

    static List<TrialRecord> halving(Trainer trainer) {
        List<Trial> trials = SearchSpace.parse(List.of("eta=0.3..30:log"), new SettingsOptions(BASE)).grid(6);
        try (Engine engine = new LocalEngine(trainer, 1)) {
            return Search.run(new SuccessiveHalving(trials, 9, 1), engine, List.of(), new Search.Listener() { });
        }
    }

    @Test
    void promotionsFromCheckpointsGiveTheRecordsOfTrainingAgainForFewerEpochs() {
        Mnist mnist = Mnist.withoutTest(MnistTest.bundled());
        TrainingSetup setup = new TrainingSetup(BASE.toMap(), mnist.training(), mnist.validation(), false);
        List<TrialRecord> again = halving(setup.trainer());
        List<TrialRecord> goingOn = halving(setup.trainer(id -> dir.resolve(id + ".checkpoint")));

        Comparator<TrialRecord> byJob = Comparator.comparingInt(TrialRecord::trial).thenComparingInt(TrialRecord::rung);
        assertEquals(again.stream().map(TrialRecord::result).sorted(byJob).toList(),
                goingOn.stream().map(TrialRecord::result).sorted(byJob).toList());
        for (TrialRecord r : goingOn) {
            int lower = r.rung() == 0 ? 0 : new int[] {1, 3, 9}[r.rung() - 1];
            assertEquals(lower, r.resumedFrom(), "a promotion goes on from its lower rung: " + r);
            assertTrue(Files.isRegularFile(dir.resolve(r.trial() + ".checkpoint")));
        }
        assertTrue(goingOn.stream().anyMatch(r -> r.rung() == 2), "a trial reached the full 9 epochs");
        // 6 trials at 1 epoch, 2 promoted to 3 (+2 each from a checkpoint), 1 to 9 (+6): 16 against 6 + 2·3 + 9 = 21
        assertEquals(6 + 2 * 3 + 9, Search.epochsSpent(again));
        assertEquals(6 + 2 * 2 + 6, Search.epochsSpent(goingOn));
    }

    @Test
    void aJobCutShortGoesOnFromItsLastCheckpoint() {
        Mnist mnist = Mnist.withoutTest(MnistTest.bundled());
        TrainingSetup setup = new TrainingSetup(BASE.toMap(), mnist.training(), mnist.validation(), false);
        Trial trial = new Trial(0, Map.of("eta", "3"));
        Path file = dir.resolve("0.checkpoint");
        // A job of 4 epochs stands for one killed after its fourth; the job of 9 then trains five more.
        setup.trainer(id -> file).train(new TrialJob(trial, 0, 4), "here");
        TrialRecord rest = setup.trainer(id -> file).train(new TrialJob(trial, 0, 9), "here");
        TrialRecord whole = setup.trainer().train(new TrialJob(trial, 0, 9), "here");
        assertEquals(4, rest.resumedFrom());
        assertEquals(5, rest.epochsSpent());
        assertEquals(whole.result(), rest.result());
    }
}

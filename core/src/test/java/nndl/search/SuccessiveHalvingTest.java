package nndl.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {
    @Test
    void rungsGoDownFromTheFullBudgetByThirds() {
        assertArrayEquals(new int[] {1, 3, 10, 30}, SuccessiveHalving.rungs(30, 1));
        assertArrayEquals(new int[] {2, 7, 20}, SuccessiveHalving.rungs(20, 1));
        assertArrayEquals(new int[] {1, 3, 9}, SuccessiveHalving.rungs(9, 1));
        assertArrayEquals(new int[] {1, 4, 12}, SuccessiveHalving.rungs(12, 1));
        assertArrayEquals(new int[] {10, 30}, SuccessiveHalving.rungs(30, 5));
        assertArrayEquals(new int[] {7, 20}, SuccessiveHalving.rungs(20, 3));
        assertArrayEquals(new int[] {2}, SuccessiveHalving.rungs(2, 1));
        assertEquals("--min-epochs 4 is more than the 3 epochs of the full budget: lower it or raise epochs",
                SearchSpaceTest.message(() -> SuccessiveHalving.rungs(3, 4)));
    }

    /**
     * Nine trials of qualities 5 8 1 7 3 9 2 6 4, rungs of 1, 3 and 9 epochs, one slot. Worked by
     * hand: after trials 0-2 the best third of rung 0 (one of three: trial 1) is promoted before
     * trial 3 starts; after six, trial 5 joins it; after nine, trial 3 (the third best) goes up,
     * which makes three at rung 1, whose best (trial 5) goes on to the full 9 epochs.
     */
    @Test
    void theBestThirdOfEachRungIsPromotedAsSoonAsItIsKnown() {
        FakeTrainer trainer = new FakeTrainer(5, 8, 1, 7, 3, 9, 2, 6, 4);
        List<TrialRecord> records;
        try (Engine engine = new LocalEngine(trainer, 1)) {
            records = Search.run(new SuccessiveHalving(FakeTrainer.trials(9), 9, 1), engine, List.of(), new Search.Listener() { });
        }
        assertEquals(List.of("0@1", "1@1", "2@1", "1@3", "3@1", "4@1", "5@1", "5@3", "6@1", "7@1", "8@1", "3@3", "5@9"),
                trainer.ran);
        assertEquals(9 + 3 * 3 + 9, Search.epochsSpent(records));
        TrialRecord best = Search.best(records, 9);
        assertEquals(5, best.trial());
        assertEquals(9, best.epochs());
        assertEquals(2, best.rung());
    }

    @Test
    void withTooFewTrialsForAThirdTheBestStillGetsTheFullBudget() {
        FakeTrainer trainer = new FakeTrainer(2, 6);
        try (Engine engine = new LocalEngine(trainer, 1)) {
            Search.run(new SuccessiveHalving(FakeTrainer.trials(2), 9, 1), engine, List.of(), new Search.Listener() { });
        }
        assertEquals(List.of("0@1", "1@1", "1@3", "1@9"), trainer.ran);
    }

    @Test
    void aFailedTrialIsNeverPromoted() {
        FakeTrainer good = new FakeTrainer(1, 9, 5);
        Trainer failsTrial1 = (job, worker) -> job.trial().id() == 1
                ? TrialRecord.failed(job, "training diverged", "fake", worker) : good.train(job, worker);
        try (Engine engine = new LocalEngine(failsTrial1, 1)) {
            Search.run(new SuccessiveHalving(FakeTrainer.trials(3), 3, 1), engine, List.of(), new Search.Listener() { });
        }
        assertEquals(List.of("0@1", "2@1", "2@3"), good.ran);
    }
}

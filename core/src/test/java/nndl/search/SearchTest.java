package nndl.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
    @TempDir
    Path dir;

    @Test
    void theLocalEngineRunsAsManyTrialsAtOnceAsItHasSlots() {
        FakeTrainer fake = new FakeTrainer(3, 1, 4, 1, 5, 9);
        CyclicBarrier two = new CyclicBarrier(2);
        Set<String> workers = java.util.Collections.synchronizedSet(new HashSet<>());
        // Each job waits for a second one to be running beside it: with one at a time the barrier would time out.
        Trainer pairs = (job, worker) -> {
            try {
                two.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("no second trial ran beside trial " + job.trial().id(), e);
            }
            workers.add(worker);
            return fake.train(job, worker);
        };
        List<TrialRecord> records;
        try (Engine engine = new LocalEngine(pairs, 2)) {
            records = Search.run(new FixedTrials(FakeTrainer.trials(6), 2), engine, List.of(), new Search.Listener() { });
        }
        assertEquals(6, records.size());
        assertEquals(Set.of("local trial-1", "local trial-2"), workers);
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i, records.get(i).sequence());
        }
        assertEquals(5, Search.best(records, 2).trial());
    }

    @Test
    void aBugInATrialStopsTheSearch() {
        Trainer broken = (job, worker) -> {
            throw new ArithmeticException("bug");
        };
        try (Engine engine = new LocalEngine(broken, 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                    Search.run(new FixedTrials(FakeTrainer.trials(3), 1), engine, List.of(), new Search.Listener() { }));
            assertTrue(e.getCause() instanceof ArithmeticException, e.toString());
        }
    }

    /** A halving search killed after its fifth record, resumed from its folder, ends as one never interrupted. */
    @Test
    void aResumedSearchKeepsItsFinishedTrialsAndEndsAsAnUninterruptedOne() {
        int[] quality = {5, 8, 1, 7, 3, 9, 2, 6, 4};
        SearchPlan plan = new SearchPlan(SearchPlan.FORMAT, Map.of("preset", "ch1"), List.of("eta=0..8"), "halving", 3, 1, 1, 9,
                FakeTrainer.trials(9));

        FakeTrainer whole = new FakeTrainer(quality);
        List<TrialRecord> uninterrupted;
        try (Engine engine = new LocalEngine(whole, 1)) {
            uninterrupted = Search.run(plan.newStrategy(), engine, List.of(), new Search.Listener() { });
        }

        SearchFolder folder = SearchFolder.create(dir.resolve("s"), plan);
        FakeTrainer first = new FakeTrainer(quality);
        class Killed extends RuntimeException { }
        try (Engine engine = new LocalEngine(first, 1)) {
            assertThrows(Killed.class, () -> Search.run(plan.newStrategy(), engine, List.of(), new Search.Listener() {
                @Override
                public void finished(TrialRecord record) {
                    folder.save(record);
                    if (record.sequence() == 4) {
                        throw new Killed();
                    }
                }
            }));
        }
        assertEquals(5, first.ran.size());

        SearchFolder again = SearchFolder.open(dir.resolve("s"));
        assertEquals(plan, again.plan());
        assertEquals(5, again.records().size());
        FakeTrainer rest = new FakeTrainer(quality);
        List<TrialRecord> resumed;
        try (Engine engine = new LocalEngine(rest, 1)) {
            resumed = Search.run(again.plan().newStrategy(), engine, again.records(), new Search.Listener() { });
        }
        assertEquals(whole.ran.subList(5, whole.ran.size()), rest.ran);
        assertEquals(uninterrupted.stream().map(TrialRecord::result).toList(), resumed.stream().map(TrialRecord::result).toList());
        assertEquals(uninterrupted.stream().map(TrialRecord::sequence).toList(), resumed.stream().map(TrialRecord::sequence).toList());
    }

    @Test
    void aFolderThatHoldsASearchIsNotStartedAgainAndADamagedRecordIsNamed() throws Exception {
        SearchPlan plan = new SearchPlan(SearchPlan.FORMAT, Map.of(), List.of(), "grid", 3, 1, 1, 1, FakeTrainer.trials(1));
        SearchFolder folder = SearchFolder.create(dir, plan);
        assertEquals(dir + " already holds a search: resume it with --resume " + dir + ", or give another --out",
                SearchSpaceTest.message(() -> SearchFolder.create(dir, plan)));
        folder.save(new FakeTrainer(1).train(new TrialJob(plan.trials().get(0), 0, 1), "here"));
        Path record = folder.trialDir(0).resolve("rung-0.json");
        assertTrue(Files.isRegularFile(record));
        Files.writeString(record, "{\"trial\": 0, \"values\": ");
        assertTrue(SearchSpaceTest.message(folder::records).startsWith(record + " is damaged ("));
        assertEquals(dir.resolve("none") + " holds no search (no search.json): give the folder a search was started with (--out)",
                SearchSpaceTest.message(() -> SearchFolder.open(dir.resolve("none"))));
    }
}

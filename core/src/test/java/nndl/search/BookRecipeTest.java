package nndl.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nndl.train.Settings;
import org.junit.jupiter.api.Test;

class BookRecipeTest {
    /**
     * Stands in for training: the training cost falls in every epoch exactly when eta ≤ 3, and
     * the validation score peaks at lambda = peak (100 fewer images right per factor of ten away),
     * with 10 more for halving eta after 5 epochs.
     */
    static Trainer fake(double peak) {
        return (job, worker) -> {
            Map<String, String> v = job.trial().values();
            double eta = Double.parseDouble(v.get("eta"));
            double lambda = Double.parseDouble(v.getOrDefault("lambda", "0"));
            List<Double> cost = eta <= 3 ? List.of(0.9, 0.8, 0.7) : List.of(0.9, 1.2, 0.8);
            int score = lambda == 0 ? 5000 : 9000 - (int) Math.round(100 * Math.abs(Math.log10(lambda / peak)));
            score += "5".equals(v.get("schedule")) ? 10 : 0;
            List<Integer> correct = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            List<Double> costs = new ArrayList<>();
            for (int e = 0; e < job.epochs(); e++) {
                correct.add(score);
                seconds.add(0.0);
                costs.add(0.1);
            }
            return new TrialRecord(job.trial().id(), v, job.rung(), job.epochs(), TrialRecord.FINISHED, "done", 10_000,
                    correct, costs, 1.0, cost, seconds, 0, "fake", worker, -1);
        };
    }

    static BookRecipe.Result run(double peak, List<String> lines) {
        try (Engine engine = new LocalEngine(fake(peak), 2)) {
            return new BookRecipe(Settings.DEFAULT.with("epochs", "3"), engine, lines::add).run();
        }
    }

    @Test
    void halfTheEtaThresholdThenTheBestLambdaThenTheSchedule() {
        List<String> lines = new ArrayList<>();
        BookRecipe.Result r = run(1, lines);
        // falls at 0.01, 0.1, 1, not 10; refined: falls at 2, not 5: threshold 2, eta 1
        assertEquals(Map.of("eta", "1", "lambda", "1", "schedule", "5"), r.chosen());
        assertTrue(lines.contains("  => threshold 2: the largest eta tried at which the cost fell in every epoch (it did not at 5)"),
                String.join("\n", lines));
        assertTrue(lines.contains("  eta=10       training cost 1.0000 -> 0.9000 -> 1.2000 -> 0.8000: does not fall"),
                String.join("\n", lines));
        // 6 etas, 2 refined, 3 lambdas, 3 schedules
        assertEquals(14, r.records().size());
    }

    @Test
    void lambdaGoesOnByFactorsOfTenWhileTheBestIsAtTheEnd() {
        List<String> lines = new ArrayList<>();
        BookRecipe.Result r = run(100, lines);
        assertEquals("100", r.chosen().get("lambda"));
        assertEquals(2, lines.stream().filter(l -> l.equals("  the best is the largest lambda tried: trying ten times more")).count(),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  lambda=1000 ")), String.join("\n", lines));
        assertTrue(lines.contains("  => lambda = 100: the best on validation data (90.00%), better than a tenth of it and ten times it"),
                String.join("\n", lines));
    }

    @Test
    void theCostFallsOnlyIfItFallsInEveryEpochFromBeforeTheFirst() {
        TrialRecord down = new TrialRecord(0, Map.of(), 0, 2, TrialRecord.FINISHED, "", 1, List.of(1, 1), List.of(0.0, 0.0), 2.0,
                List.of(1.5, 1.0), List.of(0.0, 0.0), 0, "", "", -1);
        TrialRecord upFirst = new TrialRecord(0, Map.of(), 0, 2, TrialRecord.FINISHED, "", 1, List.of(1, 1), List.of(0.0, 0.0), 1.0,
                List.of(1.5, 1.0), List.of(0.0, 0.0), 0, "", "", -1);
        TrialRecord flat = new TrialRecord(0, Map.of(), 0, 2, TrialRecord.FINISHED, "", 1, List.of(1, 1), List.of(0.0, 0.0), 2.0,
                List.of(1.5, 1.5), List.of(0.0, 0.0), 0, "", "", -1);
        assertTrue(BookRecipe.falls(down));
        assertEquals(false, BookRecipe.falls(upFirst));
        assertEquals(false, BookRecipe.falls(flat));
        assertEquals(false, BookRecipe.falls(TrialRecord.failed(new TrialJob(new Trial(0, Map.of()), 0, 2), "diverged", "", "")));
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nndl.search.SearchFolder;
import nndl.search.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchCommandTest {
    @TempDir
    Path dir;

    static CommandLineRun search(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "search";
        all[1] = "--data";
        all[2] = CommandLineRun.DATA;
        System.arraycopy(args, 0, all, 3, args.length);
        return CommandLineRun.of(all);
    }

    @Test
    void aGridPrintsARowPerTrialAndItsBestSettingsTrainToTheSameValidationScore() throws IOException {
        Path out = dir.resolve("s");
        Path plot = dir.resolve("search.svg");
        CommandLineRun run = search("--parallel", "2", "--out", out.toString(), "--plot", plot.toString(),
                "epochs=2", "train-size=2000", "eta=0.5..8:log", "hidden=20,40");
        assertEquals(0, run.status(), run.toString());
        // 3 etas (0.5, 2, 8) x 2 hidden sizes, each row: trial, epochs, eta, hidden, validation accuracy
        Matcher rows = Pattern.compile("(?m)^\\s+(\\d) +2  (0\\.5|2|8) +(20|40) +(\\d+\\.\\d\\d)%").matcher(run.out());
        int count = 0;
        while (rows.find()) {
            count++;
        }
        assertEquals(6, count, run.out());

        List<TrialRecord> records = SearchFolder.open(out).records();
        assertEquals(6, records.size());
        TrialRecord best = records.stream().min(TrialRecord.BEST_FIRST).orElseThrow();
        assertTrue(run.out().contains(String.format("Best: trial %d (eta=%s hidden=%s), %d / 10000", best.trial(),
                best.values().get("eta"), best.values().get("hidden"), best.score())), run.out());

        // The settings file trains, by train --config, to the trial's validation score (on all cores: the same numbers).
        CommandLineRun train = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--config",
                out.resolve("best.json").toString(), "--eval", "validation");
        assertEquals(0, train.status(), train.toString());
        assertTrue(train.out().contains("Epoch 1: " + best.score() + " / 10000"), train.out() + "\nbest: " + best);

        String svg = Files.readString(plot);
        assertTrue(svg.contains(">Validation accuracy against eta<") && svg.contains(">eta (log scale)<"), "eta on a log axis");
        assertTrue(svg.contains(">Validation accuracy against hidden<") && !svg.contains(">hidden (log scale)<"), "hidden, a list");
        assertTrue(svg.contains(">2 epochs<"), "the legend names the epochs");
    }

    @Test
    void aResumedSearchKeepsItsFinishedTrialsAndRunsTheRest() throws IOException {
        Path out = dir.resolve("s");
        CommandLineRun first = search("--out", out.toString(), "--trials", "3", "epochs=1", "train-size=1000", "eta=0.5..5:log");
        assertEquals(0, first.status(), first.toString());
        List<TrialRecord> before = SearchFolder.open(out).records();
        assertEquals(3, before.size());
        // As if killed in trial 1's first epoch: neither its record nor a checkpoint was written.
        Files.delete(out.resolve("trials/0001/rung-0.json"));
        Files.delete(out.resolve("trials/0001/checkpoint"));

        CommandLineRun resumed = search("--resume", out.toString());
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.out().contains("Resuming: 2 finished jobs kept"), resumed.out());
        assertEquals(1, resumed.out().lines().filter(l -> l.matches("\\s+\\d +1  .*%.*")).count(), resumed.out());
        List<TrialRecord> after = SearchFolder.open(out).records();
        assertEquals(0, after.stream().filter(r -> r.trial() == 1).findFirst().orElseThrow().resumedFrom(), "trained again");
        assertEquals(before.stream().map(TrialRecord::result).sorted(java.util.Comparator.comparingInt(TrialRecord::trial)).toList(),
                after.stream().map(TrialRecord::result).sorted(java.util.Comparator.comparingInt(TrialRecord::trial)).toList());
    }

    @Test
    void theBooksRecipeSaysWhatEachStepChoseAndWritesItsSettings() throws IOException {
        Path out = dir.resolve("book");
        CommandLineRun run = search("--book", "--out", out.toString(), "--preset", "ch3-cross-entropy", "epochs=1", "train-size=1000");
        assertEquals(0, run.status(), run.toString());
        Matcher eta = Pattern.compile("(?m)^  => eta = (\\S+), half the threshold").matcher(run.out());
        Matcher lambda = Pattern.compile("(?m)^  => lambda = (\\S+): the best on validation data").matcher(run.out());
        Matcher schedule = Pattern.compile("(?m)^  => schedule (\\d+): the best on validation data").matcher(run.out());
        assertTrue(eta.find() && lambda.find() && schedule.find(), run.out());
        assertTrue(run.out().contains("Step 1, the eta threshold, on a reduced problem (the first 1,000 training images, 3 epochs"),
                run.out());
        var settings = nndl.train.Settings.fromMap(nndl.train.Settings.readFile(out.resolve("best.json")));
        assertEquals(Double.parseDouble(eta.group(1)), settings.eta());
        assertEquals(Double.parseDouble(lambda.group(1)), settings.lambda());
        assertEquals(Integer.parseInt(schedule.group(1)), settings.schedule());
        assertEquals(1, settings.epochs());
        assertEquals(1000, settings.trainSize());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "etaa=0.1..1                      | unknown option 'etaa' in the search space; search any of eta, lambda",
        "eval=test,validation             | unknown option 'eval' in the search space: a search scores every trial on the validation data",
        "eta=1..1                         | empty range 1..1 for eta",
        "eta=10..0.1:log                  | reversed range 10..0.1 for eta: write the low end first (eta=0.1..10)",
        "eta                              | malformed search parameter 'eta': write NAME=VALUES",
        "eta=0.1..x                       | 'x' in 'eta=0.1..x' is not a number",
        "cost=quadratic,cubic             | unknown cost 'cubic'",
        "epochs=2                         | give the search space: one or more NAME=VALUES with more than one value",
        "--strategy random eta=0.1,1      | --strategy random needs --trials N",
        "--strategy annealing eta=0.1,1   | unknown strategy 'annealing': use grid, random or halving",
        "--strategy halving --trials 3 epochs=1,3 eta=0.1,1 | halving decides each trial's epochs",
        "--engine gpu eta=0.1,1           | unknown engine 'gpu': use local or spark",
        "--master local[2] eta=0.1,1      | --master is for --engine spark",
        "--resume /nonexistent/search     | /nonexistent/search holds no search (no search.json)",
        "--plot x.gif eta=0.1,1           | cannot tell what kind of picture x.gif should be",
        "--book eta=0.1,1                 | --book chooses eta, lambda and the schedule itself",
        "--engine spark eta=0.1,1         | the Spark engine is not built: run 'mvn -q -B -DskipTests package -pl spark -am'",
    })
    void badInputIsOneLineAndStatusTwo(String args, String expected) {
        String out = args.contains("--resume") ? "" : " --out " + dir.resolve("o");
        CommandLineRun run = search((args.trim() + out).split("\\s+"));
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().startsWith("nndl: ") && run.err().contains(expected), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void aResumedSearchRefusesOptionsThatWouldChangeIt() {
        Path out = dir.resolve("s");
        assertEquals(0, search("--out", out.toString(), "epochs=1", "train-size=500", "eta=1,2").status());
        CommandLineRun run = search("--resume", out.toString(), "--trials", "5");
        assertEquals(2, run.status(), run.toString());
        assertEquals("nndl: --trials cannot be given with --resume: a resumed search goes on as it was started"
                + " (start a new one with --out to change it)\n", run.err());
    }
}

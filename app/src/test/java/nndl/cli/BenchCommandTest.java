package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nndl.bench.Program;
import nndl.bench.Results;
import nndl.bench.WholeProcess;
import nndl.bench.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bench command's table and its user errors; its timings are measured by running it, never in tests. */
class BenchCommandTest {
    /** A run that printed these epochs ("Epoch N: correct / 10000 (s s)") and took this long in all. */
    private static WholeProcess run(double seconds, int correct, double... epochSeconds) {
        StringBuilder out = new StringBuilder("Training ...\n");
        for (int e = 0; e < epochSeconds.length; e++) {
            out.append(String.format(java.util.Locale.ROOT, "Epoch %d: %d / 10000 (%.2f s)%n", e, correct, epochSeconds[e]));
        }
        return new WholeProcess(seconds, out.toString());
    }

    @Test
    void theTableHasTheBestOfTheRoundsAndTheRatiosToTheFirstProgram() {
        Workload small = Workload.named("small").withEpochs(3);
        Program nndl = Program.nndl("nndl", Path.of("nndl"));
        Program torch = Program.python("PyTorch", Path.of("python3"), Path.of("bench/whole_process_torch.py"));
        Results results = new Results();
        results.add(small, nndl, run(4.0, 9500, 1.0, 0.10, 0.20));
        results.add(small, torch, run(12.0, 9400, 2.0, 1.0, 1.2));
        results.add(small, nndl, run(3.0, 9510, 0.8, 0.20, 0.20)); // the second round: faster in all, slower steady
        results.add(small, torch, run(13.0, 9450, 1.5, 0.9, 0.9));
        List<String> lines = BenchCommand.table(List.of(small), List.of(nndl, torch), results, 2).markdown();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("| run ") && lines.get(0).contains("| whole process / nndl | steady epoch / nndl |"),
                lines.get(0));
        // nndl: best whole 3.0 s (with 95.10%), best first epoch 0.8 s, steady min(median(0.1, 0.2), 0.2) = 0.15 s.
        assertEquals(List.of("[784,30,10], mini-batch 10, η 3.0, quadratic, 3 epochs", "nndl", "3.00", "0.80", "0.150", "95.10%",
                "1.00×", "1.00×"), cells(lines.get(2)));
        // PyTorch, one thread at mini-batch 10: best whole 12.0 s, steady min(1.1, 0.9) = 0.9 s; 4× and 6× nndl's.
        assertEquals(List.of("", "PyTorch, 1 thread", "12.00", "1.50", "0.900", "94.00%", "4.00×", "6.00×"), cells(lines.get(3)));
        for (String line : lines) {
            assertEquals(lines.get(0).length(), line.length(), "the columns line up:\n" + String.join("\n", lines));
        }
    }

    private static List<String> cells(String line) {
        return java.util.Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--runs small,huge              | unknown run 'huge': use small, medium, wide",
        "--rounds 0                     | --rounds must be at least 1, got 0",
        "--epochs 1                     | --epochs must be at least 2 (a first and a steady epoch), got 1",
        "--programs tensorflow          | unknown program 'tensorflow': use nndl, torch or numpy",
        "--nndl /nonexistent/nndl       | --nndl /nonexistent/nndl is not an executable launcher",
    })
    void badOptionsAreOneLineBeforeAnythingRuns(String args, String expected) {
        String programs = args.contains("--programs") ? "" : "--programs nndl ";
        CommandLineRun run = CommandLineRun.of(("bench " + programs + args.strip()).split("\\s+"));
        assertEquals(Main.USER_ERROR, run.status(), run.toString());
        assertEquals("nndl: " + expected, run.err().strip());
        assertEquals("", run.out());
    }
}

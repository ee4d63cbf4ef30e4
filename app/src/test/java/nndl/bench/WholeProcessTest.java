package nndl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nndl.UserException;
import nndl.cli.CommandLineRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading what a timed program printed, and a program that fails; nothing here is timed. */
class WholeProcessTest {
    /** The epochs read from what nndl train prints are the epochs its metrics file records. */
    @Test
    void readsTheEpochsNndlTrainPrints(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("m.jsonl");
        CommandLineRun train = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--sizes", "784,10", "--epochs", "3",
                "--train-size", "1000", "--metrics-out", metrics.toString());
        assertEquals(0, train.status(), train.toString());
        WholeProcess run = new WholeProcess(1.0, train.out());
        List<WholeProcess.Epoch> epochs = run.epochs();
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(3, epochs.size(), train.out());
        ObjectMapper json = new ObjectMapper();
        for (int e = 0; e < 3; e++) {
            JsonNode m = json.readTree(lines.get(e));
            assertEquals(m.get("evaluation_correct").asInt(), epochs.get(e).correct());
            assertEquals(10_000, epochs.get(e).total());
            assertEquals(Math.round(m.get("train_seconds").asDouble() * 100) / 100.0, epochs.get(e).trainSeconds(), 1e-9);
        }
        assertEquals(epochs.get(0).trainSeconds(), run.firstEpoch());
        assertEquals((epochs.get(1).trainSeconds() + epochs.get(2).trainSeconds()) / 2, run.steadyEpoch(), 1e-12,
                "the median of the two epochs after the first");
        assertEquals(epochs.get(2), run.last());
    }

    @Test
    void theSteadyEpochIsTheMedianOfTheEpochsAfterTheFirst() {
        WholeProcess run = new WholeProcess(9, "Epoch 0: 1 / 2 (5.00 s)\nEpoch 1: 1 / 2 (0.30 s)\nEpoch 2: 1 / 2 (0.10 s)\n"
                + "Epoch 3: 2 / 2 (0.20 s)\nBest: 2 / 2\n");
        assertEquals(5.0, run.firstEpoch());
        assertEquals(0.2, run.steadyEpoch());
        assertEquals(new WholeProcess.Epoch(2, 2, 0.2), run.last());
        assertTrue(Double.isNaN(new WholeProcess(1, "Epoch 0: 1 / 2 (5.00 s)\n").steadyEpoch()), "no steady epoch in one");
    }

    @Test
    void aProgramThatFailsIsOneLineWithItsLastWords() {
        UserException e = assertThrows(UserException.class, () -> WholeProcess.time(
                new ProcessBuilder("sh", "-c", "echo 'Epoch 0: 1 / 2 (0.50 s)'; echo 'no module named torch' >&2; exit 3")
                        .redirectErrorStream(true)));
        assertEquals("'sh -c echo 'Epoch 0: 1 / 2 (0.50 s)'; echo 'no module named torch' >&2; exit 3' failed (exit 3):"
                + " no module named torch", e.getMessage());
        WholeProcess ok = WholeProcess.time(new ProcessBuilder("sh", "-c", "echo 'Epoch 0: 7 / 9 (0.50 s)'"));
        assertEquals(List.of(new WholeProcess.Epoch(7, 9, 0.5)), ok.epochs());
    }

    @Test
    void programsAreStartedWithTheRunsOptions() {
        Workload wide = Workload.named("wide");
        assertEquals(List.of("/x/nndl", "train", "--data", "d", "--sizes", "784,1000,10", "--batch-size", "128", "--eta", "0.1",
                "--cost", "cross-entropy", "--epochs", "3"), Program.nndl("nndl", Path.of("/x/nndl")).process(wide, Path.of("d"), 2)
                .command());
        ProcessBuilder torch = Program.python("PyTorch", Path.of("/usr/bin/python3"), Path.of("bench/whole_process_torch.py"))
                .process(wide, Path.of("d"), 2);
        assertEquals(List.of("/usr/bin/python3", "bench/whole_process_torch.py", "--data", "d", "--sizes", "784,1000,10",
                "--batch-size", "128", "--eta", "0.1", "--cost", "cross-entropy", "--epochs", "3", "--threads", "2"),
                torch.command());
        for (String variable : Program.OPENBLAS_OVERRIDES) {
            assertTrue(!torch.environment().containsKey(variable), variable + " is unset for the Python programs");
        }
    }
}

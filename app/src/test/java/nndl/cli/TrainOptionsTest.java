package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nndl.nn.Evaluation;
import nndl.train.EpochResult;
import nndl.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options that would crash a run, hold the machine, or fail only after the last epoch are refused
 * in one line before training starts; outputs are written through links and never replace what
 * is not a plain file; a run that diverged is not saved.
 */
class TrainOptionsTest {
    @TempDir
    Path dir;

    /** A short run on the bundled data with these options; the refusal's one line, checked. */
    private static String refused(String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--data", CommandLineRun.DATA, "--epochs", "1", "--train-size", "500"));
        args.addAll(List.of(options));
        CommandLineRun run = CommandLineRun.of(args.toArray(new String[0]));
        assertEquals(2, run.status(), run.toString());
        String err = run.err().strip();
        assertTrue(err.startsWith("nndl: ") && !err.contains("\n") && !err.contains("Exception"), "one line: " + err);
        assertFalse(run.out().contains("Epoch 0"), "refused before training: " + run.out());
        return err;
    }

    @Test
    void threadsAndSizesBeyondWhatTheMachineHasAreRefusedBeforeAnythingIsAllocated() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(refused("--threads", "100000").contains("--threads must be from 1 to " + 4 * cores), "threads");
        assertTrue(refused("--threads", "0").contains("--threads must be from 1 to"));
        // 784 x 10^9 weights in one layer: more than a Java array holds.
        assertTrue(refused("--sizes", "784,1000000000,10").contains("give layer 1 784000000000 weights, more than one Java array holds"));
        // 1,631,840,010 weights and biases (12.2 GB in the network and its updates, and 0.9 GB of
        // activations for the mini-batches and an evaluation chunk), whatever the test JVM's heap.
        String memory = refused("--sizes", "784,40000,40000,10");
        assertTrue(memory.contains("training [784, 40000, 40000, 10] with mini-batches of 10 needs about 13.1 GB, more than the"), memory);
        // 31.8 million weights and biases fit the heap, but a saved model could not be loaded back.
        assertTrue(refused("--sizes", "784,40000,10", "--save", dir.resolve("m.json").toString())
                .contains("sizes [784, 40000, 10] give 31,800,010 weights and biases, more than the 25,000,000 a saved model may hold"));
        // a run folder keeps its networks as model files too
        assertTrue(refused("--sizes", "784,40000,10", "--run", dir.resolve("big").toString())
                .contains("31,800,010 weights and biases, more than the 25,000,000 a saved model may hold"));
    }

    @Test
    void theMemoryEstimateCountsWhatARunHolds() {
        // [784, 100, 10] by hand: (784+1)·100 + (100+1)·10 = 79,510 weights and biases, 4 bytes each, twice
        // (network and update); per example 4·(784 + 10 + 110·3) bytes, for 2·10 + 1000 examples; and MNIST.
        long expected = 4L * 79_510 * 2 + 4L * (784 + 10 + 110 * 3) * 1020 + 70_000L * 784;
        assertEquals(expected, TrainingChecks.bytesNeeded(new int[] {784, 100, 10}, 10, false, false, false));
        // Momentum and early stopping keep two more copies of the parameters; dropout two more buffers a neuron.
        assertEquals(expected + 2 * 4L * 79_510 + 4L * 110 * 2 * 1020,
                TrainingChecks.bytesNeeded(new int[] {784, 100, 10}, 10, true, true, true));
        assertEquals(Long.MAX_VALUE, TrainingChecks.bytesNeeded(new int[] {2_000_000_000, 2_000_000_000, 2_000_000_000, 2_000_000_000}, 10, false, false, false));
    }

    @Test
    void outputsAreCheckedWritableBeforeTheFirstEpoch() throws IOException {
        assertTrue(refused("--save", dir.toString()).contains("--save " + dir + " is a folder: give a file name"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(refused("--metrics-out", file.resolve("m.jsonl").toString()).contains("--metrics-out " + file.resolve("m.jsonl") + " cannot be written"));
        assertTrue(refused("--plot", dir.resolve("curves.gif").toString()).contains(".png or .svg"));
    }

    @Test
    void theMetricsFileIsEmptiedWhenARunStartsAndWrittenThroughLinks() throws Exception {
        Path metrics = dir.resolve("runs/metrics.jsonl");
        Files.createDirectories(metrics.getParent());
        Files.writeString(metrics, "{\"epoch\": 0, \"from\": \"an earlier run\"}\n{\"epoch\": 1}\n");
        // A run that fails after its checks (no data) leaves the file empty, not the earlier run's.
        CommandLineRun failed = CommandLineRun.of("train", "--data", dir.resolve("no-data").toString(), "--metrics-out", metrics.toString());
        assertEquals(2, failed.status(), failed.toString());
        assertEquals("", Files.readString(metrics));
        // Through a symbolic link: the link stays, its file gets one line per epoch.
        Path link = Files.createSymbolicLink(dir.resolve("latest.jsonl"), metrics);
        CommandLineRun run = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--epochs", "2", "--train-size", "500",
                "--metrics-out", link.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(2, Files.readAllLines(metrics).size());
        // A named pipe is refused and stays a pipe; /dev/null is written directly.
        Path fifo = dir.resolve("pipe");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo makes named pipes");
        assertTrue(refused("--metrics-out", fifo.toString()).contains("is a named pipe, which nndl does not replace"));
        assertFalse(Files.isRegularFile(fifo));
        CommandLineRun devNull = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--epochs", "1", "--train-size", "500",
                "--metrics-out", "/dev/null", "--save", "/dev/null");
        assertEquals(0, devNull.status(), devNull.toString());
        assertFalse(Files.isRegularFile(Path.of("/dev/null")));
    }

    @Test
    void aRunStuckAtChanceStopsAndIsNotSaved() {
        Path model = dir.resolve("model.json");
        String err = refusedAfterTraining("--eta", "1e30", "--epochs", "10", "--save", model.toString());
        assertTrue(err.matches("nndl: training is stuck at chance: \\d+ / 10000 with the cost at 0\\.\\d+ for 3 epochs,"
                + " as when the learning rate is far too large; nothing was saved: try a smaller --eta than 1\\.0E30"), err);
        assertFalse(Files.exists(model));
    }

    private static String refusedAfterTraining(String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--data", CommandLineRun.DATA, "--train-size", "500"));
        args.addAll(List.of(options));
        CommandLineRun run = CommandLineRun.of(args.toArray(new String[0]));
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.out().contains("Epoch 2:") && !run.out().contains("Epoch 3:"), "stopped after epoch 2: " + run.out());
        return run.err().strip();
    }

    @Test
    void stuckMeansAtChanceWithTheCostNotFallingForThreeEpochsInARow() {
        List<Integer> heard = new ArrayList<>();
        TrainingListener report = new TrainingListener() {
            @Override
            public void epochDone(EpochResult r) {
                heard.add(r.epoch());
            }
        };
        Divergence slow = new Divergence(report, 10, 0.001);
        // At chance, but the cost falls each epoch: learning slowly, not stuck.
        for (int epoch = 0; epoch < 6; epoch++) {
            slow.epochDone(new EpochResult(epoch, 1, 0.001f, new Evaluation(1000, 10_000, 0.5 - 0.01 * epoch), null, null));
        }
        // Flat cost but above chance (15% of 10,000 is the line), or at chance twice then above: not stuck.
        Divergence above = new Divergence(report, 10, 3.0);
        int[] correct = {1500, 1500, 1500, 1000, 1000, 1600, 1000, 1000};
        for (int epoch = 0; epoch < correct.length; epoch++) {
            above.epochDone(new EpochResult(epoch, 1, 3f, new Evaluation(correct[epoch], 10_000, 0.45), null, null));
        }
        assertEquals(14, heard.size(), "every epoch reached the report");
        // Three epochs in a row at chance with the cost flat (or rising): stuck, after the report has the third.
        Divergence stuck = new Divergence(report, 10, 1e30);
        stuck.epochDone(new EpochResult(0, 1, 1e30f, new Evaluation(980, 10_000, 0.5), null, null));
        stuck.epochDone(new EpochResult(1, 1, 1e30f, new Evaluation(1135, 10_000, 0.5), null, null));
        nndl.UserException e = org.junit.jupiter.api.Assertions.assertThrows(nndl.UserException.class,
                () -> stuck.epochDone(new EpochResult(2, 1, 1e30f, new Evaluation(980, 10_000, 0.50001), null, null)));
        assertTrue(e.getMessage().startsWith("training is stuck at chance: 980 / 10000"), e.getMessage());
        assertEquals(17, heard.size());
        // A cost that is no number is divergence at once.
        Divergence nan = new Divergence(report, 10, 100);
        e = org.junit.jupiter.api.Assertions.assertThrows(nndl.UserException.class,
                () -> nan.epochDone(new EpochResult(0, 1, 100f, new Evaluation(4000, 10_000, Double.NaN), null, null)));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 0: the cost is NaN"), e.getMessage());
        // A resumed run goes on counting: two stuck epochs before the checkpoint, one after, is three.
        List<EpochResult> before = List.of(new EpochResult(0, 1, 1e30f, new Evaluation(980, 10_000, 0.5), null, null),
                new EpochResult(1, 1, 1e30f, new Evaluation(1135, 10_000, 0.5), null, null));
        Divergence resumed = new Divergence(report, 10, 1e30, before);
        e = org.junit.jupiter.api.Assertions.assertThrows(nndl.UserException.class,
                () -> resumed.epochDone(new EpochResult(2, 1, 1e30f, new Evaluation(980, 10_000, 0.5), null, null)));
        assertTrue(e.getMessage().startsWith("training is stuck at chance: 980 / 10000"), e.getMessage());
        // and the epochs before it are not reported again
        assertEquals(19, heard.size());
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nndl.run.RunFolder;
import nndl.data.Dataset;
import nndl.data.IdxFile;
import nndl.data.Mnist;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run kept in a folder survives SIGKILL at any moment: a child JVM trains in a run folder and
 * is killed (Process.destroyForcibly, SIGKILL on Linux) several times, at random moments (while
 * loading the data, during an epoch, while a checkpoint is being written), each time resumed; the
 * finished run's metrics (timing aside) and networks equal, byte for byte, those of a run never
 * interrupted, made in this JVM on one thread while the child alternates between one and two.
 */
class RunFolderKillTest {
    private static final String[] PLAIN = {"--train-size", "2000", "--epochs", "5"};
    /** Momentum (velocities), dropout (two streams: 1003 x 2 images leave a last mini-batch of 6), elastic expansion, a schedule. */
    private static final String[] EVERYTHING = {"--train-size", "1003", "--epochs", "5", "--expand", "elastic",
            "--momentum", "0.5", "--dropout", "0.2", "--schedule", "1", "--cost", "cross-entropy", "--eta", "0.5"};
    /** Where the kills fall: a random moment of the child's first 1.5 s (perhaps before the folder is whole), the next checkpoint write seen under way, a random moment of an epoch. */
    private enum Kill { AT_START, DURING_A_WRITE, DURING_AN_EPOCH }

    @TempDir
    Path tmp;
    private String data;

    /**
     * A small MNIST folder, raw (no gzip), so that each of the many JVMs loads it quickly: 12,000
     * training images (the book's split makes the last 10,000 the validation data) and 1,000 test images.
     */
    @BeforeEach
    void smallData() {
        data = writeSmallData(tmp.resolve("data")).toString();
    }

    static Path writeSmallData(Path folder) {
        Dataset training = TestMnist.mnist().training().first(12_000);
        Dataset test = TestMnist.mnist().test().first(1_000);
        IdxFile.writeImages(folder.resolve(Mnist.TRAIN_IMAGES), new IdxFile.Images(training.size(), 28, 28, training.pixelBytes()));
        IdxFile.writeLabels(folder.resolve(Mnist.TRAIN_LABELS), training.labelBytes());
        IdxFile.writeImages(folder.resolve(Mnist.TEST_IMAGES), new IdxFile.Images(test.size(), 28, 28, test.pixelBytes()));
        IdxFile.writeLabels(folder.resolve(Mnist.TEST_LABELS), test.labelBytes());
        return folder;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void plainRunKilledAndResumedIsTheUninterruptedRun() throws Exception {
        killAndCompare(PLAIN, Kill.DURING_A_WRITE, Kill.DURING_AN_EPOCH);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runWithMomentumDropoutExpansionAndScheduleKilledAndResumedIsTheUninterruptedRun() throws Exception {
        killAndCompare(EVERYTHING, Kill.AT_START, Kill.DURING_A_WRITE, Kill.DURING_AN_EPOCH);
    }

    private void killAndCompare(String[] settings, Kill... kills) throws Exception {
        Path reference = tmp.resolve("reference");
        CommandLineRun ref = CommandLineRun.of(args(settings, "--run", reference.toString(), "--threads", "1"));
        assertEquals(0, ref.status(), ref::toString);

        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path run = tmp.resolve("killed");
        List<String> moments = new ArrayList<>();
        Process child = start(args(settings, "--run", run.toString(), "--threads", "2"));
        for (int k = 0; k < kills.length; k++) {
            moments.add(killSoon(child, run, random, kills[k]));
            int threads = k % 2 == 0 ? 1 : 2;
            // Killed before the folder was made a run folder (run.json), the run is started again, as a person would.
            child = RunFolder.isRun(run) ? start(args(new String[0], "--resume", run.toString(), "--threads", String.valueOf(threads)))
                    : start(args(settings, "--run", run.toString(), "--threads", String.valueOf(threads)));
        }
        String context = "seed " + seed + ", kills: " + moments;
        Process last = child;
        assertEquals(0, last.waitFor(), () -> context + "\n" + output(last));
        System.out.println(String.join(" ", settings) + ": " + context);

        byte[] expectedNetwork = Files.readAllBytes(reference.resolve(RunFolder.NETWORK));
        assertArrayEquals(expectedNetwork, Files.readAllBytes(run.resolve(RunFolder.NETWORK)), context);
        assertEquals(Files.exists(reference.resolve(RunFolder.BEST_NETWORK)), Files.exists(run.resolve(RunFolder.BEST_NETWORK)), context);
        if (Files.exists(reference.resolve(RunFolder.BEST_NETWORK))) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(RunFolder.BEST_NETWORK)),
                    Files.readAllBytes(run.resolve(RunFolder.BEST_NETWORK)), context);
        }
        List<String> expectedMetrics = withoutTiming(reference.resolve(RunFolder.METRICS));
        assertEquals(5, expectedMetrics.size());
        assertEquals(expectedMetrics, withoutTiming(run.resolve(RunFolder.METRICS)), context);
        assertEquals(Files.readString(reference.resolve(RunFolder.SETTINGS)), Files.readString(run.resolve(RunFolder.SETTINGS)));
        try (Stream<Path> files = Files.list(run)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary files left in " + run);
        }
    }

    /**
     * Kills the child: at a random moment of its first 1.5 s (perhaps before any epoch ended), as
     * soon as a checkpoint write is seen under way (its temporary file), or a random moment into
     * the epoch after its next checkpoint. Says where the kill fell.
     */
    private static String killSoon(Process child, Path run, Random random, Kill when) throws Exception {
        if (when == Kill.AT_START) {
            Thread.sleep(random.nextInt(1500));
            return kill(child, run, "at random");
        }
        long before = checkpointTime(run);
        boolean duringWrite = when == Kill.DURING_A_WRITE;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (child.isAlive() && System.nanoTime() < deadline) {
            if (duringWrite && writing(run)) {
                return kill(child, run, "during a checkpoint write");
            }
            if (!duringWrite && checkpointTime(run) != before) {
                Thread.sleep(random.nextInt(150));
                return kill(child, run, "during an epoch");
            }
            Thread.onSpinWait();
        }
        return kill(child, run, child.isAlive() ? "after 30 s" : "after it ended (" + child.exitValue() + ": " + output(child).strip() + ")");
    }

    private static String kill(Process child, Path run, String when) throws Exception {
        boolean wasWriting = writing(run);
        child.destroyForcibly();
        child.waitFor();
        return when + (wasWriting ? " (a write under way)" : "");
    }

    private static boolean writing(Path run) {
        try (Stream<Path> files = Files.list(run)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("." + RunFolder.CHECKPOINT + "."));
        } catch (IOException e) {
            return false; // not made yet
        }
    }

    private static long checkpointTime(Path run) {
        try {
            return Files.getLastModifiedTime(run.resolve(RunFolder.CHECKPOINT)).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    private String[] args(String[] settings, String... more) {
        List<String> all = new ArrayList<>(List.of("train", "--data", data));
        all.addAll(List.of(settings));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** nndl in a JVM of its own, as this one runs (its java, class path and the Vector API module). */
    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "nndl.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String output(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes());
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> withoutTiming(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream().map(l -> l.replaceAll("\"train_seconds\":[^,]*,", "")).toList();
    }
}

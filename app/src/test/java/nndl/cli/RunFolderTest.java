package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nndl.data.Mnist;
import nndl.run.RunFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --run and --resume in this JVM: bad input refused with nothing overwritten, another thread count, runs, compare. */
class RunFolderTest {
    @TempDir
    Path tmp;
    private Path data;
    private Path run;

    @BeforeEach
    void twoEpochs() {
        data = RunFolderKillTest.writeSmallData(tmp.resolve("data"));
        run = tmp.resolve("runs").resolve("two");
        CommandLineRun r = train("--epochs", "2", "--run", run.toString());
        assertEquals(0, r.status(), r::toString);
    }

    private CommandLineRun train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--train-size", "500", "--threads", "1"));
        args.addAll(List.of(more));
        return CommandLineRun.of(args.toArray(String[]::new));
    }

    private static CommandLineRun resume(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--resume", run.toString()));
        args.addAll(List.of(more));
        return CommandLineRun.of(args.toArray(String[]::new));
    }

    @Test
    void aResumedRunOnTwoThreadsIsTheUninterruptedRunOnOne() throws IOException {
        CommandLineRun more = resume(run, "--epochs", "4", "--threads", "2");
        assertEquals(0, more.status(), more::toString);
        assertTrue(more.out().contains("Going on from the checkpoint"), more::toString);
        Path whole = tmp.resolve("whole");
        assertEquals(0, train("--epochs", "4", "--run", whole.toString()).status());
        for (String file : List.of(RunFolder.NETWORK, RunFolder.SETTINGS)) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(run.resolve(file)), file);
        }
        assertEquals(withoutTiming(whole.resolve(RunFolder.METRICS)), withoutTiming(run.resolve(RunFolder.METRICS)));
        assertEquals(4, Files.readAllLines(run.resolve(RunFolder.METRICS)).size());
    }

    @Test
    void saveSaysWhichEpochAndSaveBestKeepsTheBestOnValidation() {
        Path best = tmp.resolve("best.json");
        Path last = tmp.resolve("last.json");
        CommandLineRun r = train("--epochs", "3", "--save", last.toString(), "--save-best", best.toString());
        assertEquals(0, r.status(), r::toString);
        Matcher saved = Pattern.compile("Saved the best network, of epoch (\\d), (\\d+) / 10000").matcher(r.out());
        assertTrue(saved.find(), r::toString);
        // The best epoch is the one with the most validation images right, as the epoch lines printed them.
        int most = -1;
        int bestEpoch = -1;
        Matcher epoch = Pattern.compile("Epoch (\\d): \\d+ / \\d+ test, (\\d+) / 10000 validation").matcher(r.out());
        while (epoch.find()) {
            if (Integer.parseInt(epoch.group(2)) > most) {
                most = Integer.parseInt(epoch.group(2));
                bestEpoch = Integer.parseInt(epoch.group(1));
            }
        }
        assertEquals(bestEpoch, Integer.parseInt(saved.group(1)));
        assertEquals(most, Integer.parseInt(saved.group(2)));
        assertTrue(r.out().contains("Saved the network, of epoch 2"), r::toString);
    }

    @Test
    void aTruncatedCheckpointIsRefusedAndNothingOverwritten() throws IOException {
        byte[] whole = Files.readAllBytes(run.resolve(RunFolder.CHECKPOINT));
        Files.write(run.resolve(RunFolder.CHECKPOINT), java.util.Arrays.copyOf(whole, whole.length / 2));
        refused("is truncated");
    }

    @Test
    void aCorruptCheckpointIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(run.resolve(RunFolder.CHECKPOINT));
        bytes[bytes.length - 100] ^= 1;
        Files.write(run.resolve(RunFolder.CHECKPOINT), bytes);
        refused("is corrupt");
    }

    @Test
    void aCheckpointOfANewerFormatIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(run.resolve(RunFolder.CHECKPOINT));
        bytes[11] = 2; // the version, a big-endian int after the 8-byte magic
        Files.write(run.resolve(RunFolder.CHECKPOINT), bytes);
        refused("has format version 2, from a newer nndl");
    }

    @Test
    void aMissingCheckpointIsRefusedWhenEpochsWereDone() throws IOException {
        Files.delete(run.resolve(RunFolder.CHECKPOINT));
        refused("has lost its checkpoint");
    }

    @Test
    void otherDataIsRefused() throws IOException {
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.toList()) {
                Files.copy(f, other.resolve(f.getFileName()));
            }
        }
        byte[] labels = Files.readAllBytes(other.resolve(Mnist.TEST_LABELS));
        labels[labels.length - 1] = (byte) ((labels[labels.length - 1] + 1) % 10);
        Files.write(other.resolve(Mnist.TEST_LABELS), labels);
        refused("is not the run's: " + Mnist.TEST_LABELS + " has SHA-256", "--data", other.toString());
    }

    @Test
    void anOptionThatWouldChangeTheRunIsRefusedNamingIt() throws IOException {
        refused("--momentum would change the run", "--momentum", "0.5");
        refused("--epochs: the run in", "--epochs", "1");
    }

    @Test
    void runsListsTheRunsAndCompareDrawsBothSeries() throws IOException {
        Path other = tmp.resolve("runs").resolve("other");
        assertEquals(0, train("--epochs", "3", "--eta", "0.5", "--run", other.toString()).status());
        Files.delete(other.resolve(RunFolder.NETWORK)); // as if it was stopped before its end
        CommandLineRun runs = CommandLineRun.of("runs", tmp.resolve("runs").toString());
        assertEquals(0, runs.status(), runs::toString);
        List<String> lines = runs.out().lines().toList();
        assertEquals(3, lines.size(), runs::toString);
        assertTrue(lines.get(1).matches("other +\\[784,30,10] +ch1 +3 of 3 .* interrupted"), runs::toString);
        assertTrue(lines.get(2).matches("two +\\[784,30,10] +ch1 +2 of 2 .* finished"), runs::toString);

        Path svg = tmp.resolve("compare.svg");
        Path metricsFile = tmp.resolve("plain.jsonl");
        Files.copy(run.resolve(RunFolder.METRICS), metricsFile);
        CommandLineRun compare = CommandLineRun.of("compare", run.toString(), other.toString(), metricsFile.toString(),
                "--out", svg.toString());
        assertEquals(0, compare.status(), compare::toString);
        String text = Files.readString(svg);
        // The legend names each series; each series is drawn as line segments between its epochs, in its own colour.
        for (String name : List.of("two", "other", "plain")) {
            assertTrue(text.contains(">" + name + "</text>"), name);
        }
        Map<String, Integer> segments = new TreeMap<>();
        Matcher line = Pattern.compile("<line [^>]*stroke-width:2\\.5;stroke:(rgb\\([0-9,]+\\))").matcher(text);
        while (line.find()) {
            segments.merge(line.group(1), 1, Integer::sum);
        }
        assertEquals(Map.of("rgb(31,119,180)", 1, "rgb(255,127,14)", 2, "rgb(44,160,44)", 1), segments);

        // a run folder measures validation data every epoch, whatever data it evaluates on
        Path onValidation = tmp.resolve("runs").resolve("on-validation");
        assertEquals(0, train("--epochs", "2", "--eval", "validation", "--run", onValidation.toString()).status());
        CommandLineRun validation = CommandLineRun.of("compare", run.toString(), onValidation.toString(), "--out", svg.toString(),
                "--metric", "validation-accuracy");
        assertEquals(0, validation.status(), validation::toString);

        CommandLineRun unknown = CommandLineRun.of("compare", run.toString(), "--out", svg.toString(), "--metric", "training-cost");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("did not measure training-cost"), unknown::toString);
    }

    /** Resuming the run fails with one line containing {@code message}, exit 2, and every file of the folder as it was. */
    private void refused(String message, String... options) throws IOException {
        Map<String, byte[]> before = contents(run);
        CommandLineRun r = resume(run, options);
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains(message), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        Map<String, byte[]> after = contents(run);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                m.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return m;
    }

    private static List<String> withoutTiming(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream().map(l -> l.replaceAll("\"train_seconds\":[^,]*,", "")).toList();
    }
}

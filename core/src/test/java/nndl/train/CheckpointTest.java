package nndl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.data.MnistTest;
import nndl.nn.Network;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run trained in one go against the same run stopped after some epochs, its checkpoint written
 * to a file, everything else thrown away, and the rest trained from the file: the same weights
 * and the same results, bit for bit.
 */
class CheckpointTest {
    static Mnist mnist;
    static Dataset training;
    static Dataset validation;
    static Dataset test;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        mnist = Mnist.load(MnistTest.bundled());
        training = mnist.training().first(230);
        validation = mnist.validation().first(300);
        test = mnist.test().first(300);
    }

    /** Everything on at once: momentum, dropout, L2 and L1, shifts and elastic distortions, a schedule, a last mini-batch smaller than the rest. */
    static final Settings EVERYTHING = Settings.DEFAULT.toBuilder().hidden(20).epochs(7).miniBatchSize(7).eta(0.8)
            .build().with("momentum", "0.6").with("dropout", "0.25").with("lambda", "0.5").with("l1", "0.1")
            .with("expand", "shift,elastic").with("schedule", "1").with("cost", "cross-entropy").with("seed", "13")
            .with("monitor", "training-cost,training-accuracy");

    static Stream<Arguments> runs() {
        return Stream.of(
                // name, settings, stop after, threads before, threads after, validation data
                Arguments.of("everything, 1 then 2 threads", EVERYTHING, 3, 1, 2, true),
                Arguments.of("everything, 2 then 1 threads", EVERYTHING, 1, 2, 1, true),
                Arguments.of("relu, softmax, early stopping", EVERYTHING.with("activation", "relu")
                        .with("cost", "log-likelihood").with("early-stop", "2").with("schedule", "0").with("eta", "0.3"), 2, 1, 1, true),
                Arguments.of("the book's chapter-1 run, reported on test data", Settings.DEFAULT.with("hidden", "15")
                        .with("epochs", "4"), 2, 1, 2, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void aResumedRunIsTheRunThatNeverStopped(String name, Settings settings, int stopAfter, int threadsBefore,
                                            int threadsAfter, boolean withValidation) {
        Dataset steering = withValidation ? validation : null;
        Network straight = settings.network();
        TrainingResult expected = settings.sgd().threads(threadsBefore).train(straight, training, steering, test, null);

        // The same run, interrupted after some epochs with its checkpoint on disk.
        Path file = dir.resolve("run.checkpoint");
        class Interrupted extends RuntimeException { }
        TrainingListener writer = new TrainingListener() {
            @Override
            public void epochDone(EpochResult result) {
            }

            @Override
            public void checkpoint(Checkpoint checkpoint) {
                checkpoint.write(file);
                if (checkpoint.epochsDone() == stopAfter) {
                    throw new Interrupted();
                }
            }
        };
        assertThrows(Interrupted.class, () -> settings.sgd().threads(threadsBefore).train(settings.network(), training,
                steering, test, writer));

        // Nothing kept but the file: a fresh network (other weights), read back, trained on.
        Checkpoint read = Checkpoint.read(file);
        assertEquals(stopAfter, read.epochsDone());
        Network resumed = settings.with("seed", "99").network();
        List<EpochResult> laterEpochs = new ArrayList<>();
        TrainingResult got = settings.sgd().threads(threadsAfter).resume(read, resumed, training, steering, test,
                laterEpochs::add);

        assertSameParameters(straight, resumed);
        assertEquals(withoutTimes(expected.epochs()), withoutTimes(got.epochs()));
        assertEquals(expected.stopReason(), got.stopReason());
        assertEquals(expected.bestEpoch(), got.bestEpoch());
        assertEquals(expected.keptEpoch(), got.keptEpoch());
        assertEquals(got.epochs().size() - stopAfter, laterEpochs.size(), "only the epochs after the checkpoint are trained");
    }

    @Test
    void aFinishedRunCanBeTrainedFurther() {
        Settings three = EVERYTHING.with("schedule", "0").with("epochs", "3");
        Settings five = three.with("epochs", "5");
        Network straight = five.network();
        TrainingResult expected = five.sgd().train(straight, training, validation, test, null);

        LastCheckpoint last = new LastCheckpoint();
        three.sgd().train(three.network(), training, validation, test, last);
        assertTrue(last.checkpoint.finished());
        Network extended = five.network();
        TrainingResult got = five.sgd().resume(last.checkpoint, extended, training, validation, test, null);
        assertSameParameters(straight, extended);
        assertEquals(withoutTimes(expected.epochs()), withoutTimes(got.epochs()));
    }

    @Test
    void anEarlyStoppedRunResumesToItsEnd() {
        Settings settings = EVERYTHING.with("schedule", "0").with("early-stop", "1").with("epochs", "30").with("eta", "3");
        Network straight = settings.network();
        TrainingResult expected = settings.sgd().train(straight, training, validation, test, null);
        assertTrue(expected.stopReason().contains("stopped early"), expected.stopReason());

        LastCheckpoint last = new LastCheckpoint();
        settings.sgd().train(settings.network(), training, validation, test, last);
        assertNotNull(last.checkpoint.stopReason());
        assertEquals(expected.bestEpoch(), last.checkpoint.bestEpoch());
        Network resumed = settings.network();
        TrainingResult got = settings.sgd().resume(last.checkpoint, resumed, training, validation, test, null);
        assertEquals(expected.epochs().size(), got.epochs().size(), "no epoch trained after the stop");
        assertSameParameters(straight, resumed);          // the best epoch's network, kept
        assertSameParameters(straight, last.checkpoint.bestNetwork());
    }

    @Test
    void theFileGoesBackToTheSameBytes() throws IOException {
        Checkpoint c = checkpointAfter(2, EVERYTHING);
        c.write(dir.resolve("a"));
        Checkpoint back = Checkpoint.read(dir.resolve("a"));
        back.write(dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a")), Files.readAllBytes(dir.resolve("b")));
        assertEquals(c.settings(), back.settings());
        assertEquals(c.history(), back.history());
        assertEquals(c.eta(), back.eta());
        assertSameParameters(c.network(), back.network());
        assertSameParameters(c.bestNetwork(), back.bestNetwork());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a", "b"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void badFilesAreRefusedInOneLine() throws IOException {
        Path file = dir.resolve("c");
        checkpointAfter(1, EVERYTHING).write(file);
        byte[] good = Files.readAllBytes(file);
        int headerEnd = 16 + ByteBuffer.wrap(good, 12, 4).getInt();

        assertRefused(dir.resolve("absent"), "does not exist");
        for (int length : new int[] {5, 14, 40, headerEnd + 100, good.length - 4, good.length - 1}) {
            Files.write(file, Arrays.copyOf(good, length));
            assertRefused(file, length < 8 ? "is not an nndl checkpoint" : "is truncated");
        }
        for (int at : new int[] {20, headerEnd + 3, good.length - 2}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(file, bad);
            assertRefused(file, "is corrupt");
        }
        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).putInt(8, Checkpoint.VERSION + 1);
        Files.write(file, newer);
        assertRefused(file, "has format version " + (Checkpoint.VERSION + 1) + ", from a newer nndl");
        Files.writeString(file, "{\"sizes\": [784, 30, 10]}");
        assertRefused(file, "is not an nndl checkpoint");
    }

    @Test
    void aCheckpointGoesOnOnlyWithItsRun() {
        Checkpoint c = checkpointAfter(1, EVERYTHING);
        UserException otherEta = assertThrows(UserException.class, () -> EVERYTHING.with("eta", "0.5").sgd()
                .resume(c, EVERYTHING.network(), training, validation, test, null));
        assertTrue(otherEta.getMessage().contains("eta 0.8, not 0.5"), otherEta.getMessage());
        UserException otherShape = assertThrows(UserException.class, () -> EVERYTHING.sgd()
                .resume(c, EVERYTHING.with("hidden", "21").network(), training, validation, test, null));
        assertTrue(otherShape.getMessage().contains("holds a [784, 20, 10]"), otherShape.getMessage());
        UserException otherData = assertThrows(UserException.class, () -> EVERYTHING.sgd()
                .resume(c, EVERYTHING.network(), mnist.training().first(231), validation, test, null));
        assertTrue(otherData.getMessage().contains("give it the same training data"), otherData.getMessage());
        UserException fewer = assertThrows(UserException.class, () -> EVERYTHING.with("epochs", "1")
                .sgd().resume(checkpointAfter(2, EVERYTHING), EVERYTHING.network(), training, validation, test, null));
        assertTrue(fewer.getMessage().contains("cannot go on to 1"), fewer.getMessage());
    }

    @Test
    void theWriterLeavesTheLastCheckpointOnTheDisk() throws IOException {
        Path file = dir.resolve("written");
        Settings settings = EVERYTHING.with("epochs", "4");
        try (CheckpointWriter writer = new CheckpointWriter(file)) {
            settings.sgd().train(settings.network(), training, validation, test, new TrainingListener() {
                @Override
                public void epochDone(EpochResult result) {
                }

                @Override
                public void checkpoint(Checkpoint checkpoint) {
                    writer.write(checkpoint);
                }
            });
        }
        assertEquals(4, Checkpoint.read(file).epochsDone());

        Files.writeString(dir.resolve("a file"), "not a folder");
        CheckpointWriter failing = new CheckpointWriter(dir.resolve("a file").resolve("checkpoint"));
        failing.write(checkpointAfter(1, settings));
        UserException e = assertThrows(UserException.class, failing::close);
        assertTrue(e.getMessage().startsWith("cannot write"), e.getMessage());
    }

    /** Keeps the last checkpoint a run hands out. */
    static final class LastCheckpoint implements TrainingListener {
        Checkpoint checkpoint;

        @Override
        public void epochDone(EpochResult result) {
        }

        @Override
        public void checkpoint(Checkpoint c) {
            checkpoint = c;
        }
    }

    /** The checkpoint a run hands out after its epoch {@code epochs − 1}. */
    static Checkpoint checkpointAfter(int epochs, Settings settings) {
        Settings shorter = settings.with("epochs", String.valueOf(epochs));
        LastCheckpoint last = new LastCheckpoint();
        shorter.sgd().train(shorter.network(), training, validation, test, last);
        return last.checkpoint;
    }

    static void assertRefused(Path file, String expected) {
        UserException e = assertThrows(UserException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains(expected) && !e.getMessage().contains("\n"), e.getMessage());
    }

    static void assertSameParameters(Network expected, Network got) {
        if (expected == null) {
            assertNull(got);
            return;
        }
        for (int l = 0; l < expected.layers().size(); l++) {
            assertArrayEquals(expected.layers().get(l).weights.data, got.layers().get(l).weights.data, "weights of layer " + l);
            assertArrayEquals(expected.layers().get(l).biases, got.layers().get(l).biases, "biases of layer " + l);
        }
    }

    /** The results with the training times (which differ from run to run) left out. */
    static List<EpochResult> withoutTimes(List<EpochResult> results) {
        return results.stream().map(r -> new EpochResult(r.epoch(), 0, r.eta(), r.evaluation(), r.validation(), r.training()))
                .toList();
    }
}

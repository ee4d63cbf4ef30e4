package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.data.Mnist;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpandCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAnMnistFolderThatTheReaderAndTrainUse() throws IOException {
        Path out = dir.resolve("expanded");
        CommandLineRun run = CommandLineRun.of("expand", "--data", CommandLineRun.DATA, "--out", out.toString(),
                "--train-size", "100");
        assertEquals(0, run.status(), run.err());
        Mnist original = TestMnist.mnist();
        Mnist expanded = Mnist.load(out);
        assertEquals(500, expanded.training().size());
        Dataset byHand = original.training().first(100).expanded(Expansion.parse("shift", 1));
        for (int i : new int[] {0, 1, 2, 3, 4, 499}) {
            assertArrayEquals(byHand.image(i), expanded.training().image(i));
            assertEquals(byHand.label(i), expanded.training().label(i));
        }
        assertArrayEquals(original.validation().image(9_999), expanded.validation().image(9_999));
        assertArrayEquals(original.test().image(123), expanded.test().image(123));

        CommandLineRun again = CommandLineRun.of("expand", "--data", CommandLineRun.DATA, "--out", out.toString(),
                "--train-size", "10");
        assertEquals(2, again.status());
        assertTrue(again.err().contains("already exists") && again.err().contains("--force"), again.err());
        assertEquals(500, Mnist.load(out).training().size(), "not overwritten");

        CommandLineRun forced = CommandLineRun.of("expand", "--data", CommandLineRun.DATA, "--out", out.toString(),
                "--train-size", "10", "--rotate", "--force");
        assertEquals(0, forced.status(), forced.err());
        assertEquals(70, Mnist.load(out).training().size());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary folders left");
        }

        CommandLineRun train = CommandLineRun.of("train", "--data", out.toString(), "--epochs", "1", "--sizes", "784,10,10");
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("on 70 images"), train.out());
    }

    @Test
    void trainExpandsOnTheFly() {
        CommandLineRun run = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--train-size", "200",
                "--expand", "shift,rotate", "--epochs", "1", "--sizes", "784,10,10");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("on 1400 images"), run.out());
        CommandLineRun bad = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--expand", "zoom");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("unknown expansion 'zoom'"), bad.err());
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first path a new user takes: train, keep the network, use it; each step says what the next one needs. */
class FirstPathTest {
    @TempDir
    Path dir;

    @Test
    void trainWithoutSaveEndsBySayingHowToKeepTheNetwork() {
        CommandLineRun run = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--sizes", "784,10,10",
                "--train-size", "200", "--epochs", "1");
        assertEquals(0, run.status(), run.toString());
        List<String> lines = run.out().strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("The network was not kept: run again with --save model.json"), last);
        assertTrue(last.contains("./nndl predict --model model.json"), last);
    }

    @Test
    void trainWithSaveSaysWhereItIsAndNothingMore() {
        Path model = dir.resolve("m.json");
        CommandLineRun run = CommandLineRun.of("train", "--data", CommandLineRun.DATA, "--sizes", "784,10,10",
                "--train-size", "200", "--epochs", "1", "--save", model.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(Files.exists(model));
        assertTrue(!run.out().contains("not kept"), run.out());
    }

    @Test
    void commandsThatNeedANetworkSayHowToGetOne() throws Exception {
        Path image = dir.resolve("digit.png");
        Files.write(image, nndl.image.Scans.encode(new java.awt.image.BufferedImage(28, 28,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png"));
        for (String[] args : List.of(new String[] {"predict", image.toString()},
                new String[] {"evaluate", "--data", CommandLineRun.DATA},
                new String[] {"show", "weights", "--out", dir.resolve("w.png").toString()})) {
            CommandLineRun run = CommandLineRun.of(args);
            assertEquals(2, run.status(), run.toString());
            String err = run.err().strip();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("nndl: " + args[0]) && err.contains("needs a trained network: give --model FILE;"
                    + " to make one, train it and keep it with ./nndl train --save model.json"), err);
        }
    }
}

package nndl.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import nndl.cli.CommandLineRun;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --plot, and train's output when it is not a terminal (as under the tests). */
class TrainPlotTest {
    private static final int TRAINING = LearningCurves.TRAINING.getRGB() & 0xffffff;
    private static final int EVALUATION = LearningCurves.EVALUATION.getRGB() & 0xffffff;
    private static final String DATA = TestMnist.folder().toString();

    @TempDir
    Path dir;

    @Test
    void plotsWhatWasMonitored() {
        Path plot = dir.resolve("curves.png");
        CommandLineRun run = CommandLineRun.of("train", "--data", DATA, "--sizes", "784,10,10", "--train-size", "300",
                "--epochs", "3", "--eta", "0.5", "--cost", "cross-entropy",
                "--monitor", "training-cost,training-accuracy,evaluation-cost,evaluation-accuracy",
                "--plot", plot.toString());
        assertEquals(0, run.status(), run.toString());
        BufferedImage image = Pixels.read(plot);
        assertEquals(900, image.getWidth());
        assertEquals(760, image.getHeight(), "accuracy and cost panels");
        assertTrue(Pixels.count(image, TRAINING, 100, 760) > 300);
        assertTrue(Pixels.count(image, EVALUATION, 100, 760) > 300);
        // Not a terminal: the plain lines, no progress bar.
        assertFalse(run.out().contains("\r"), "no carriage returns");
        assertFalse(run.out().contains("images/s"), "no progress bar");
        assertTrue(run.out().contains("\nEpoch 2: "), run.out());
    }

    @Test
    void plotsTheEvaluationAccuracyAloneAsSvg() throws Exception {
        Path plot = dir.resolve("curves.svg");
        CommandLineRun run = CommandLineRun.of("train", "--data", DATA, "--sizes", "784,10,10", "--train-size", "300",
                "--epochs", "2", "--plot", plot.toString());
        assertEquals(0, run.status(), run.toString());
        String svg = Files.readString(plot);
        assertTrue(svg.contains("height='480.0'"), "one panel");
        assertTrue(svg.contains(">Accuracy per epoch<") && svg.contains(">test data<") && !svg.contains("training data"), svg);
    }

    @Test
    void refusesAnUnknownPictureFormatBeforeTraining() {
        CommandLineRun run = CommandLineRun.of("train", "--data", DATA, "--train-size", "300", "--epochs", "1",
                "--plot", dir.resolve("curves.jpg").toString());
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains(".png or .svg"), run.err());
        assertFalse(run.out().contains("Epoch"), "nothing trained");
    }
}

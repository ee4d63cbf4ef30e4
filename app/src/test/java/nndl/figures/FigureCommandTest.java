package nndl.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import nndl.cli.CommandLineRun;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Sgd;
import nndl.train.TrainingListener;
import nndl.viz.LearningCurves;
import nndl.viz.Pixels;
import nndl.viz.SvgChart;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nndl figure}: each picture holds the curves it says it draws, and their numbers, read
 * back off the SVG through its axes, are those of the same run made here with the library
 * (short runs: a few epochs on a few hundred images).
 */
class FigureCommandTest {
    private static final String DATA = CommandLineRun.DATA;
    /** Read off a chart, a value is within this fraction of its axis' span of the true one. */
    private static final double READING = 1e-4;

    @TempDir
    Path dir;

    private static int rgb(Color c) {
        return c.getRGB() & 0xffffff;
    }

    @Test
    void listNamesEveryFigureWithTheBooksSection() {
        CommandLineRun run = CommandLineRun.of("figure", "--list");
        assertEquals(0, run.status(), run.toString());
        for (String name : List.of("slowdown", "overfitting", "regularization", "init", "eta")) {
            assertTrue(run.out().contains("\n" + name + " ") || run.out().startsWith(name + " "), name + " in\n" + run.out());
        }
        assertTrue(run.out().contains("chapter 3, Weight initialization"), run.out());
        assertTrue(run.out().contains("82.27%") && run.out().contains("87.1%"), "the book's numbers: " + run.out());
    }

    @Test
    void slowdownDrawsTheNeuronEpochByEpoch() {
        Path svg = dir.resolve("slowdown.svg");
        CommandLineRun run = CommandLineRun.of("figure", "slowdown", "--epochs", "6", "--out", svg.toString());
        assertEquals(0, run.status(), run.toString());
        SvgChart chart = SvgChart.read(svg);
        assertEquals(8, chart.curves().size(), "four outputs and four costs");
        for (boolean crossEntropy : List.of(false, true)) {
            for (boolean bad : List.of(false, true)) {
                int colour = rgb(bad ? SlowdownFigure.BAD : SlowdownFigure.GOOD);
                List<SvgChart.Curve> drawn = chart.curves(colour, crossEntropy);
                assertEquals(2, drawn.size(), "output and cost");
                // The neuron worked again here, by the book's equations, in plain arithmetic.
                double eta = crossEntropy ? 0.005 : 0.15;
                double w = bad ? 2.0 : 0.6;
                double b = bad ? 2.0 : 0.9;
                for (int epoch = 0; epoch <= 6; epoch++) {
                    double a = 1 / (1 + Math.exp(-(w + b)));
                    double cost = crossEntropy ? -Math.log(1 - a) : a * a / 2;
                    assertEquals(epoch, drawn.get(0).x()[epoch], 1e-3);
                    assertEquals(a, drawn.get(0).y()[epoch], 1e-4, "output, epoch " + epoch);
                    assertEquals(cost, drawn.get(1).y()[epoch], 1e-4, "cost, epoch " + epoch);
                    double delta = crossEntropy ? a : a * a * (1 - a);
                    w -= eta * delta;
                    b -= eta * delta;
                }
            }
        }
        assertTrue(chart.texts().stream().anyMatch(t -> t.contains("0.82 and 0.98")), "the book's numbers beside");
    }

    @Test
    void overfittingDrawsItsRunsAccuracyAndCosts() {
        Path svg = dir.resolve("overfitting.svg");
        CommandLineRun run = CommandLineRun.of("figure", "overfitting", "--data", DATA, "--epochs", "4", "--train-size", "300",
                "--threads", "1", "--out", svg.toString());
        assertEquals(0, run.status(), run.toString());
        List<EpochResult> epochs = train(Cost.CROSS_ENTROPY, Initializer.LARGE, 0.5, 0.0, 4, 300, "test", EnumSet.allOf(Monitor.class));
        SvgChart chart = SvgChart.read(svg);
        List<SvgChart.Curve> training = chart.curves(rgb(LearningCurves.TRAINING), false);
        List<SvgChart.Curve> test = chart.curves(rgb(LearningCurves.EVALUATION), false);
        assertEquals(2, training.size(), "training accuracy and cost");
        assertEquals(2, test.size(), "test accuracy and cost");
        assertSeries(epochs, e -> 100 * e.training().accuracy(), training.get(0));
        assertSeries(epochs, e -> e.training().cost(), training.get(1));
        assertSeries(epochs, e -> 100 * e.evaluation().accuracy(), test.get(0));
        assertSeries(epochs, e -> e.evaluation().cost(), test.get(1));
        assertTrue(chart.texts().contains("book: test accuracy peaks at 82.27%"), chart.texts().toString());
        EpochResult best = epochs.stream().max((p, q) -> Integer.compare(p.evaluation().correct(), q.evaluation().correct())).orElseThrow();
        assertTrue(run.out().contains(String.format(java.util.Locale.ROOT, "test accuracy peaked at %.2f%% (epoch %d); the book: 82.27%%",
                100 * best.evaluation().accuracy(), best.epoch())), run.out());
    }

    @Test
    void regularizationIsTheSameRunWithLambda() {
        Path svg = dir.resolve("regularization.svg");
        CommandLineRun run = CommandLineRun.of("figure", "regularization", "--data", DATA, "--epochs", "3", "--train-size", "200",
                "--out", svg.toString());
        assertEquals(0, run.status(), run.toString());
        List<EpochResult> epochs = train(Cost.CROSS_ENTROPY, Initializer.LARGE, 0.5, 0.1, 3, 200, "test", EnumSet.allOf(Monitor.class));
        SvgChart chart = SvgChart.read(svg);
        // The training cost includes the L2 term (λ/2n)Σw², as network2.py's total_cost does.
        assertSeries(epochs, e -> e.training().cost(), chart.curves(rgb(LearningCurves.TRAINING), false).get(1));
        assertSeries(epochs, e -> 100 * e.evaluation().accuracy(), chart.curves(rgb(LearningCurves.EVALUATION), false).get(0));
        assertTrue(chart.texts().contains("book: test accuracy peaks at 87.1%"), chart.texts().toString());
    }

    @Test
    void initComparesTheOldAndNewInitializationOnValidationData() {
        Path svg = dir.resolve("init.svg");
        CommandLineRun run = CommandLineRun.of("figure", "init", "--data", DATA, "--epochs", "3", "--train-size", "300",
                "--out", svg.toString());
        assertEquals(0, run.status(), run.toString());
        SvgChart chart = SvgChart.read(svg);
        assertSeries(train(Cost.CROSS_ENTROPY, Initializer.LARGE, 0.1, 5.0, 3, 300, "validation", EnumSet.noneOf(Monitor.class)),
                e -> 100 * e.evaluation().accuracy(), chart.curve(rgb(InitializationFigure.OLD), false));
        assertSeries(train(Cost.CROSS_ENTROPY, Initializer.DEFAULT, 0.1, 5.0, 3, 300, "validation", EnumSet.noneOf(Monitor.class)),
                e -> 100 * e.evaluation().accuracy(), chart.curve(rgb(InitializationFigure.NEW), false));
        assertTrue(chart.texts().contains("old initialization, N(0, 1)") && chart.texts().contains("new initialization, N(0, 1/n_in)"),
                chart.texts().toString());
    }

    @Test
    void etaDrawsTheTrainingCostForThreeLearningRates() {
        Path svg = dir.resolve("eta.svg");
        CommandLineRun run = CommandLineRun.of("figure", "eta", "--data", DATA, "--epochs", "3", "--train-size", "300",
                "--out", svg.toString());
        assertEquals(0, run.status(), run.toString());
        SvgChart chart = SvgChart.read(svg);
        assertEquals(3, chart.curves().size());
        double[] etas = {0.025, 0.25, 2.5};
        for (int i = 0; i < etas.length; i++) {
            assertSeries(train(Cost.CROSS_ENTROPY, Initializer.DEFAULT, etas[i], 5.0, 3, 300, null, EnumSet.of(Monitor.TRAINING_COST)),
                    e -> e.training().cost(), chart.curve(rgb(LearningRateFigure.COLOURS[i]), false));
            assertTrue(chart.texts().contains("\u03b7 = " + etas[i]), chart.texts().toString());
        }
    }

    @Test
    void writesPngToo() {
        Path png = dir.resolve("slowdown.png");
        CommandLineRun run = CommandLineRun.of("figure", "slowdown", "--epochs", "50", "--out", png.toString());
        assertEquals(0, run.status(), run.toString());
        var image = Pixels.read(png);
        assertTrue(Pixels.count(image, rgb(SlowdownFigure.BAD), 0, image.getHeight()) > 500);
        assertTrue(Pixels.count(image, rgb(SlowdownFigure.GOOD), 0, image.getHeight()) > 500);
    }

    @Test
    void badRequestsAreOneLineAndExitTwoBeforeAnyTraining() {
        for (String[] args : List.of(new String[] {"figure", "nosuch", "--out", dir.resolve("x.svg").toString()},
                new String[] {"figure", "overfitting"},
                new String[] {"figure", "overfitting", "--data", DATA, "--out", dir.resolve("x.jpg").toString()},
                new String[] {"figure"},
                new String[] {"figure", "eta", "--epochs", "0", "--out", dir.resolve("x.svg").toString()})) {
            CommandLineRun run = CommandLineRun.of(args);
            assertEquals(2, run.status(), run.toString());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertFalse(run.out().contains("training"), run.out());
        }
        assertFalse(Files.exists(dir.resolve("x.svg")));
    }

    /** The run a figure makes, made here with the library: sigmoid neurons, mini-batch 10, seed 1. */
    private static List<EpochResult> train(Cost cost, Initializer init, double eta, double lmbda, int epochs, int images,
                                           String evaluation, EnumSet<Monitor> monitors) {
        Mnist mnist = TestMnist.mnist();
        Network network = new Network(new int[] {784, 30, 10}, Activation.SIGMOID, Activation.SIGMOID, cost)
                .initialize(init, new Random(1));
        Dataset eval = evaluation == null ? null : mnist.split(evaluation);
        List<EpochResult> results = new ArrayList<>();
        new Sgd(epochs, 10, eta).lambda(lmbda).seed(1).threads(2).monitor(monitors)
                .train(network, mnist.training().first(images), eval, new TrainingListener() {
                    @Override
                    public void epochDone(EpochResult result) {
                        results.add(result);
                    }
                });
        return results;
    }

    /** The curve read off the chart is the measurement epoch by epoch. */
    private static void assertSeries(List<EpochResult> epochs, ToDoubleFunction<EpochResult> measure, SvgChart.Curve curve) {
        assertEquals(epochs.size(), curve.x().length, "one point an epoch");
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (EpochResult e : epochs) {
            low = Math.min(low, measure.applyAsDouble(e));
            high = Math.max(high, measure.applyAsDouble(e));
        }
        double tolerance = READING * Math.max(high - low, 1e-3 * Math.abs(high)) + 1e-9;
        for (int i = 0; i < epochs.size(); i++) {
            assertEquals(epochs.get(i).epoch(), curve.x()[i], 1e-3);
            assertEquals(measure.applyAsDouble(epochs.get(i)), curve.y()[i], tolerance, "epoch " + i);
        }
    }
}

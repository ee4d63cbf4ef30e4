package nndl.figures;

import java.awt.Color;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import nndl.data.Mnist;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.train.Monitor;
import nndl.train.Split;

/**
 * {@code eta}: the book's multiple_eta.py: [784, 30, 10], cross-entropy, λ = 5.0, 30 epochs on
 * the 50,000 training images, the cost on the training data per epoch for η = 0.025, 0.25 and 2.5.
 */
final class LearningRateFigure implements BookFigure {
    static final double[] ETAS = {0.025, 0.25, 2.5};
    static final Color[] COLOURS = {new Color(0x2a6ea6), new Color(0xe0a800), new Color(0xff7033)};

    static BookRun run(double eta) {
        return BookRun.of(Cost.CROSS_ENTROPY, Initializer.DEFAULT, eta, 5.0, 30, Mnist.TRAINING_SIZE, Split.VALIDATION,
                EnumSet.of(Monitor.TRAINING_COST));
    }

    @Override
    public String name() {
        return "eta";
    }

    @Override
    public String section() {
        return "chapter 3, How to choose a neural network's hyper-parameters?";
    }

    @Override
    public String about() {
        return "[784,30,10], cross-entropy, lambda 5.0, 30 epochs: the cost on the training data per epoch for eta = 0.025, 0.25 and 2.5";
    }

    @Override
    public String book() {
        return "with eta 0.025 the cost falls smoothly; with 0.25 it falls, then stalls near epoch 20; with 2.5 it oscillates from the start";
    }


    @Override
    public Drawn draw(Supplier<Mnist> mnist, FigureOptions options) {
        List<Comparison.Curve> curves = new ArrayList<>();
        for (int i = 0; i < ETAS.length; i++) {
            curves.add(new Comparison.Curve("\u03b7 = " + BookRun.number(ETAS[i]), COLOURS[i], run(ETAS[i])));
        }
        Comparison runs = new Comparison(name(), "eta", curves);
        List<double[]> cost = runs.measure(mnist, options, e -> e.training().cost());
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < ETAS.length; i++) {
            double[] c = cost.get(i);
            findings.add(String.format(Locale.ROOT, "eta %s: training cost %.4f after the first epoch, %.4f after epoch %d",
                    BookRun.number(ETAS[i]), c[0], c[c.length - 1], c.length - 1));
        }
        findings.add("the book: " + book());
        return new Drawn(runs.draw("The cost on the training data for three learning rates", "Cost on the training data", 0.01,
                book(), cost, options), findings);
    }
}

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
 * {@code init}: the book's weight_initialization.py: [784, 30, 10], cross-entropy, η = 0.1,
 * λ = 5.0, 30 epochs on the 50,000 training images, accuracy on the validation data per epoch,
 * once with the old initialization (weights from N(0, 1)) and once with the new (N(0, 1/n_in)).
 */
final class InitializationFigure implements BookFigure {
    static final Color OLD = new Color(0x2a6ea6);
    static final Color NEW = new Color(0xffa933);

    static BookRun run(Initializer init) {
        return BookRun.of(Cost.CROSS_ENTROPY, init, 0.1, 5.0, 30, Mnist.TRAINING_SIZE, Split.VALIDATION,
                EnumSet.noneOf(Monitor.class));
    }

    @Override
    public String name() {
        return "init";
    }

    @Override
    public String section() {
        return "chapter 3, Weight initialization";
    }

    @Override
    public String about() {
        return "[784,30,10], cross-entropy, eta 0.1, lambda 5.0, 30 epochs: validation accuracy per epoch with the old"
                + " weight initialization, N(0,1), against the new, N(0,1/n_in)";
    }

    @Override
    public String book() {
        return "after the first epoch under 87% (old) against almost 93% (new); both end somewhat over 96%";
    }


    @Override
    public Drawn draw(Supplier<Mnist> mnist, FigureOptions options) {
        Comparison runs = new Comparison(name(), "init", List.of(
                new Comparison.Curve("old initialization, N(0, 1)", OLD, run(Initializer.LARGE)),
                new Comparison.Curve("new initialization, N(0, 1/n_in)", NEW, run(Initializer.DEFAULT))));
        List<double[]> accuracy = runs.measure(mnist, options, e -> 100 * e.evaluation().accuracy());
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < accuracy.size(); i++) {
            double[] a = accuracy.get(i);
            findings.add(String.format(Locale.ROOT, "%s: %.2f%% after the first epoch, %.2f%% after epoch %d",
                    runs.curves().get(i).label(), a[0], a[a.length - 1], a.length - 1));
        }
        findings.add("the book: " + book());
        return new Drawn(runs.draw("Old and new weight initialization", "Accuracy on the validation data (%)", 1.0, book(),
                accuracy, options), findings);
    }
}

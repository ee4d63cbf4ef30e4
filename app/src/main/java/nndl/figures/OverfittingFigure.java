package nndl.figures;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import nndl.data.Mnist;
import nndl.nn.Cost;
import nndl.nn.Evaluation;
import nndl.nn.Initializer;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Split;
import nndl.viz.Curves;
import nndl.viz.LearningCurves;

/**
 * {@code overfitting} and {@code regularization}: the book's [784, 30, 10] network on the first
 * 1,000 training images for 400 epochs (cross-entropy, large initialization, η = 0.5, as its
 * overfitting.py), without and with L2 regularization λ = 0.1: accuracy on the training and test
 * data, and the cost on each.
 */
final class OverfittingFigure implements BookFigure {
    private final String name;
    private final double lmbda;
    private final double bookPeak;

    private OverfittingFigure(String name, double lmbda, double bookPeak) {
        this.name = name;
        this.lmbda = lmbda;
        this.bookPeak = bookPeak;
    }

    /** Without regularization: the book's test accuracy peaks at 82.27%. */
    static OverfittingFigure overfitting() {
        return new OverfittingFigure("overfitting", 0, 82.27);
    }

    /** With λ = 0.1: the book's peaks at 87.1%. */
    static OverfittingFigure regularization() {
        return new OverfittingFigure("regularization", 0.1, 87.1);
    }

    BookRun run() {
        return BookRun.of(Cost.CROSS_ENTROPY, Initializer.LARGE, 0.5, lmbda, 400, 1000, Split.TEST, EnumSet.allOf(Monitor.class));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String section() {
        return lmbda == 0 ? "chapter 3, Overfitting and regularization" : "chapter 3, Regularization";
    }

    @Override
    public String about() {
        return "[784,30,10] on 1,000 training images, 400 epochs, cross-entropy, eta 0.5"
                + (lmbda == 0 ? ": training cost still falling while test accuracy stalls" : ", L2 lambda 0.1")
                + "; accuracy and cost on training and test data";
    }

    @Override
    public String book() {
        return lmbda == 0
                ? "test accuracy peaks at 82.27%; the cost on the test data improves until around epoch 15, then gets worse;"
                        + " training accuracy reaches 100%"
                : "test accuracy peaks at 87.1% (against 82.27% without regularization)";
    }


    @Override
    public Drawn draw(Supplier<Mnist> mnist, FigureOptions options) {
        BookRun run = run().as(options);
        options.log().accept(name + ": training " + run.describe());
        List<EpochResult> epochs = run.train(mnist.get(), options.threads());
        String peakLabel = String.format(Locale.ROOT, "book: test accuracy peaks at %s%%", BookRun.number(bookPeak));
        Curves picture = new Curves(lmbda == 0 ? "Overfitting" : "Regularization (L2, \u03bb = 0.1)",
                List.of(run.describe(), "Book: " + book()), "Epoch", List.of(
                new Curves.Panel("Accuracy (%)", 3, 1.0, List.of(
                        series("training data", epochs, EpochResult::training, e -> 100 * e.accuracy(), true),
                        series("test data", epochs, EpochResult::evaluation, e -> 100 * e.accuracy(), false)),
                        List.of(new Curves.Reference(peakLabel, bookPeak))),
                new Curves.Panel("Cost on the training data", 2, 0.01,
                        List.of(series("training data", epochs, EpochResult::training, Evaluation::cost, true))),
                new Curves.Panel("Cost on the test data", 2, 0.01,
                        List.of(series("test data", epochs, EpochResult::evaluation, Evaluation::cost, false)))),
                900, 1000);
        return new Drawn(picture, findings(epochs));
    }

    static Curves.Series series(String label, List<EpochResult> epochs, Function<EpochResult, Evaluation> on,
                                Function<Evaluation, Double> measure, boolean training) {
        double[] y = new double[epochs.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = measure.apply(on.apply(epochs.get(i)));
        }
        return Curves.Series.of(label, training ? LearningCurves.TRAINING : LearningCurves.EVALUATION, y);
    }

    private List<String> findings(List<EpochResult> epochs) {
        EpochResult peak = epochs.get(0);
        EpochResult lowestCost = epochs.get(0);
        EpochResult allRight = null;
        for (EpochResult e : epochs) {
            peak = e.evaluation().correct() > peak.evaluation().correct() ? e : peak;
            lowestCost = e.evaluation().cost() < lowestCost.evaluation().cost() ? e : lowestCost;
            allRight = allRight == null && e.training().correct() == e.training().total() ? e : allRight;
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "test accuracy peaked at %.2f%% (epoch %d); the book: %s%%",
                100 * peak.evaluation().accuracy(), peak.epoch(), BookRun.number(bookPeak)));
        lines.add(String.format(Locale.ROOT, "cost on the test data lowest at epoch %d%s", lowestCost.epoch(),
                lmbda == 0 ? "; the book: around epoch 15" : ""));
        lines.add(allRight != null
                ? String.format(Locale.ROOT, "training accuracy reached 100%% at epoch %d", allRight.epoch())
                : String.format(Locale.ROOT, "training accuracy ended at %.2f%%", 100 * epochs.get(epochs.size() - 1).training().accuracy()));
        return lines;
    }
}

package nndl.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import nndl.nn.Evaluation;
import nndl.train.EpochResult;
import nndl.train.Monitor;

/**
 * Accuracy and cost per epoch, on the training and the evaluation data, as in the book's
 * figures on overfitting (chapter 3): one panel for the accuracy (%) and, when a cost was
 * monitored, one for the cost below it, sharing the epoch axis. Only what was measured is
 * drawn: the evaluation accuracy always, the rest as the --monitor switches asked.
 */
public final class LearningCurves implements Drawing {
    public static final Color TRAINING = new Color(0x1f77b4);
    public static final Color EVALUATION = new Color(0xff7f0e);

    private final Curves curves;

    /**
     * @param epochs       what each epoch measured, in order
     * @param monitors     the measurements asked for besides the evaluation accuracy
     * @param evaluationName what the evaluation data is, for the legend ("test", "validation")
     * @param subtitle     a line describing the run, or null
     */
    public LearningCurves(List<EpochResult> epochs, Set<Monitor> monitors, String evaluationName, String subtitle) {
        boolean trainingAccuracy = monitors.contains(Monitor.TRAINING_ACCURACY);
        boolean trainingCost = monitors.contains(Monitor.TRAINING_COST);
        boolean evaluationCost = monitors.contains(Monitor.EVALUATION_COST);
        String evaluationLabel = evaluationName + " data";
        List<Curves.Panel> panels = new ArrayList<>();
        panels.add(new Curves.Panel("Accuracy (%)", 3, 1.0,
                series(epochs, e -> 100 * e.accuracy(), trainingAccuracy, true, evaluationLabel)));
        boolean costs = trainingCost || evaluationCost;
        if (costs) {
            panels.add(new Curves.Panel("Cost", 2, 0.01,
                    series(epochs, Evaluation::cost, trainingCost, evaluationCost, evaluationLabel)));
        }
        curves = new Curves(costs ? "Accuracy and cost per epoch" : "Accuracy per epoch",
                subtitle == null ? List.of() : List.of(subtitle), "Epoch", panels,
                900, costs ? 760 : 480);
    }

    @Override
    public int width() {
        return curves.width();
    }

    @Override
    public int height() {
        return curves.height();
    }

    @Override
    public void paint(Graphics2D g) {
        curves.paint(g);
    }

    /** A measurement on the training data and on the evaluation data, as asked. */
    private static List<Curves.Series> series(List<EpochResult> epochs, Function<Evaluation, Double> measure,
                                              boolean training, boolean evaluation, String evaluationLabel) {
        List<Curves.Series> series = new ArrayList<>();
        if (training) {
            series.add(of("training data", TRAINING, epochs, EpochResult::training, measure));
        }
        if (evaluation) {
            series.add(of(evaluationLabel, EVALUATION, epochs, EpochResult::evaluation, measure));
        }
        return series;
    }

    private static Curves.Series of(String label, Color colour, List<EpochResult> epochs,
                                    Function<EpochResult, Evaluation> on, Function<Evaluation, Double> measure) {
        List<EpochResult> measured = epochs.stream().filter(e -> on.apply(e) != null).toList();
        double[] x = new double[measured.size()];
        double[] y = new double[measured.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = measured.get(i).epoch();
            y[i] = measure.apply(on.apply(measured.get(i)));
        }
        return new Curves.Series(label, colour, false, x, y);
    }
}

package nndl.figures;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import nndl.data.Mnist;
import nndl.train.EpochResult;
import nndl.viz.Curves;

/**
 * The book's comparisons of runs that differ in one setting ({@code init}: the initialization;
 * {@code eta}: the learning rate): each run trained as the options say and drawn as one
 * measurement per epoch, one curve each on one panel.
 *
 * @param figure the figure's name, for the lines said as each run starts
 * @param varied the setting the runs differ in, left out of the line describing them
 */
record Comparison(String figure, String varied, List<Comparison.Curve> curves) {
    /** One run, its label in the legend and its colour. */
    record Curve(String label, Color colour, BookRun run) {
    }

    /** Trains each run (with the epochs and images the options ask for) and gives its measurement of each epoch. */
    List<double[]> measure(Supplier<Mnist> mnist, FigureOptions options, ToDoubleFunction<EpochResult> measurement) {
        List<double[]> values = new ArrayList<>();
        for (Curve c : curves) {
            BookRun run = c.run().as(options);
            options.log().accept(figure + ": training " + run.describe());
            values.add(run.train(mnist.get(), options.threads()).stream().mapToDouble(measurement).toArray());
        }
        return values;
    }

    /** The curves on one panel, under the runs' common settings and the book's words. */
    Curves draw(String title, String axis, double span, String book, List<double[]> values, FigureOptions options) {
        List<Curves.Series> series = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            series.add(Curves.Series.of(curves.get(i).label(), curves.get(i).colour(), values.get(i)));
        }
        return new Curves(title, List.of(curves.get(0).run().as(options).describe(varied), "Book: " + book), "Epoch",
                List.of(new Curves.Panel(axis, 1, span, series)), 900, 560);
    }
}

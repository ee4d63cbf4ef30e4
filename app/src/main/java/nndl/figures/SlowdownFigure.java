package nndl.figures;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import nndl.data.Mnist;
import nndl.nn.Cost;
import nndl.viz.Curves;

/** {@code slowdown}: the single neuron's output and cost per epoch, both costs from both of the book's starting points. */
final class SlowdownFigure implements BookFigure {
    static final Color GOOD = new Color(0x1f77b4);
    static final Color BAD = new Color(0xd62728);

    @Override
    public String name() {
        return "slowdown";
    }

    @Override
    public String section() {
        return "chapter 3, The cross-entropy cost function";
    }

    @Override
    public String about() {
        return "one sigmoid neuron learning to turn input 1 into output 0, from w = 0.6, b = 0.9 and from w = b = 2.0,"
                + " with the quadratic cost (eta 0.15) and the cross-entropy cost (eta 0.005), 300 epochs";
    }

    @Override
    public String book() {
        return "outputs start at 0.82 and 0.98; from 0.98 the quadratic cost learns slowly at first, the cross-entropy does not";
    }


    /** One curve: a cost from a start. */
    record Run(Cost cost, SlowdownNeuron.Start start, List<SlowdownNeuron.State> states) {
        String label() {
            return String.format(Locale.ROOT, "%s (\u03b7 = %s), w = %s, b = %s", cost.id(), BookRun.number(SlowdownNeuron.bookEta(cost)),
                    BookRun.number(start.w()), BookRun.number(start.b()));
        }

        Curves.Series series(ToDoubleFunction<SlowdownNeuron.State> value) {
            double[] x = new double[states.size()];
            double[] y = new double[states.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = states.get(i).epoch();
                y[i] = value.applyAsDouble(states.get(i));
            }
            return new Curves.Series(label(), start == SlowdownNeuron.GOOD_START ? GOOD : BAD, cost == Cost.CROSS_ENTROPY, x, y);
        }
    }

    @Override
    public Drawn draw(Supplier<Mnist> mnist, FigureOptions options) {
        int epochs = options.epochs(SlowdownNeuron.EPOCHS);
        List<Run> runs = new ArrayList<>();
        for (Cost cost : List.of(Cost.QUADRATIC, Cost.CROSS_ENTROPY)) {
            for (SlowdownNeuron.Start start : List.of(SlowdownNeuron.GOOD_START, SlowdownNeuron.BAD_START)) {
                runs.add(new Run(cost, start, SlowdownNeuron.learn(cost, start, SlowdownNeuron.bookEta(cost), epochs)));
            }
        }
        List<Curves.Series> outputs = runs.stream().map(r -> r.series(SlowdownNeuron.State::output)).toList();
        List<Curves.Series> quadratic = runs.subList(0, 2).stream().map(r -> r.series(SlowdownNeuron.State::cost)).toList();
        List<Curves.Series> crossEntropy = runs.subList(2, 4).stream().map(r -> r.series(SlowdownNeuron.State::cost)).toList();
        Curves picture = new Curves("The learning slowdown of one sigmoid neuron",
                List.of("Input 1, desired output 0; the book's learning rates, which differ: compare the shapes of the curves",
                        "Book: " + book()),
                "Epoch", List.of(
                new Curves.Panel("Output a", 3, 0.1, outputs),
                new Curves.Panel("Quadratic cost", 2, 0.01, quadratic),
                new Curves.Panel("Cross-entropy cost", 2, 0.01, crossEntropy)), 900, 980);
        List<String> findings = new ArrayList<>();
        for (Run r : runs) {
            SlowdownNeuron.State first = r.states().get(0);
            SlowdownNeuron.State last = r.states().get(r.states().size() - 1);
            findings.add(String.format(Locale.ROOT, "%s: output %.2f -> %.2f after %d epochs, cost %.3f -> %.3f",
                    r.label(), first.output(), last.output(), last.epoch(), first.cost(), last.cost()));
        }
        return new Drawn(picture, findings);
    }
}

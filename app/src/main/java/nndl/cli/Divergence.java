package nndl.cli;

import java.util.List;
import java.util.Locale;
import nndl.UserException;
import nndl.nn.Evaluation;
import nndl.train.EpochResult;
import nndl.train.TrainingListener;

/**
 * Stops a run that has gone wrong, so that it is never saved as if it had succeeded: the cost
 * became NaN or infinite (the weights overflowed), or the network has been stuck at chance for
 * {@link #PATIENCE} epochs, its accuracy below 1.5 times chance (15% for ten digits) and its cost
 * not falling, as a network saturated by a learning rate far too large is: every output 0 or 1
 * whatever the input, so nothing reaches the weights any more. (A network merely learning slowly
 * still lowers its cost.) It listens to the training beside the report it passes everything to.
 */
final class Divergence implements TrainingListener {
    static final int PATIENCE = 3;

    private final TrainingListener report;
    private final int classes;
    private final double eta;
    private int stuck;
    private double lastCost = Double.NaN;

    Divergence(TrainingListener report, int classes, double eta) {
        this(report, classes, eta, List.of());
    }

    /** For a resumed run: the epochs {@code before} it are counted as if this had heard them, as in a run never stopped. */
    Divergence(TrainingListener report, int classes, double eta, List<EpochResult> before) {
        this.report = report;
        this.classes = classes;
        this.eta = eta;
        before.forEach(this::watch);
    }

    @Override
    public void batchDone(int epoch, int done, int total) {
        report.batchDone(epoch, done, total);
    }

    @Override
    public void message(String text) {
        report.message(text);
    }

    @Override
    public void epochDone(EpochResult r) {
        report.epochDone(r);
        watch(r);
    }

    private void watch(EpochResult r) {
        // Stopping is steering: it watches the validation data when the run has it, never only the test set.
        Evaluation e = r.validation() != null ? r.validation() : r.evaluation();
        if (e == null) {
            return;
        }
        if (!Double.isFinite(e.cost())) {
            throw new UserException(String.format(Locale.ROOT, "training diverged in epoch %d: the cost is %s;"
                    + " nothing was saved: try a smaller --eta than %s", r.epoch(), e.cost(), eta));
        }
        boolean atChance = e.correct() < 1.5 * e.total() / classes;
        boolean falling = e.cost() < lastCost * (1 - 1e-4);
        stuck = atChance && !falling ? stuck + 1 : 0;
        lastCost = e.cost();
        if (stuck >= PATIENCE) {
            throw new UserException(String.format(Locale.ROOT, "training is stuck at chance: %d / %d with the cost"
                    + " at %.6f for %d epochs, as when the learning rate is far too large; nothing was saved:"
                    + " try a smaller --eta than %s", e.correct(), e.total(), e.cost(), PATIENCE, eta));
        }
    }
}

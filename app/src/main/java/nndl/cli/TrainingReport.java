package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nndl.io.AtomicFile;
import nndl.run.Metrics;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.TrainingListener;
import nndl.viz.LearningCurves;
import nndl.viz.PictureFile;

/**
 * What {@code nndl train} shows while it trains: the book's line per epoch ("Epoch 0: 9129 /
 * 10000", with the epoch's training time) and the monitored costs and accuracies; a progress bar
 * on a terminal; and, when asked for, the metrics file (JSON Lines) and the plot, both rewritten
 * after every epoch so they are complete whenever the run stops.
 */
final class TrainingReport implements TrainingListener {
    private final PrintWriter out;
    private final Set<Monitor> monitors;
    private final Progress progress;
    private final Path metricsFile;
    private final Path plotFile;
    private final String evaluationSplit;
    private final String plotSubtitle;
    /** Whether the validation data is other data than the evaluation data, shown beside it. */
    private final boolean validationBeside;
    private final List<EpochResult> history = new ArrayList<>();
    private final StringBuilder metrics = new StringBuilder();

    TrainingReport(PrintWriter out, Set<Monitor> monitors, Progress progress, Path metricsFile, Path plotFile, String evaluationSplit,
                   String plotSubtitle, boolean validationBeside) {
        this.out = out;
        this.monitors = monitors;
        this.progress = progress;
        this.metricsFile = metricsFile;
        this.plotFile = plotFile;
        this.evaluationSplit = evaluationSplit;
        this.plotSubtitle = plotSubtitle;
        this.validationBeside = validationBeside;
    }

    /** Goes on from a run's record (a resumed run): its epochs are in the metrics file and the plot, not printed again. */
    void resumeFrom(List<EpochResult> epochs) {
        history.addAll(epochs);
        metrics.append(Metrics.lines(epochs));
        if (metricsFile != null && !AtomicFile.writesDirectly(metricsFile)) {
            AtomicFile.writeString(metricsFile, metrics.toString());
        }
    }

    @Override
    public void batchDone(int epoch, int done, int total) {
        if (progress != null) {
            progress.batchDone(epoch, done, total);
        }
    }

    @Override
    public void epochDone(EpochResult r) {
        clearProgress();
        print(r);
        history.add(r);
        if (metricsFile != null) {
            String line = Metrics.line(r) + "\n";
            metrics.append(line);
            // A file is replaced whole; a terminal or /dev/null gets the new line alone.
            AtomicFile.writeString(metricsFile, AtomicFile.writesDirectly(metricsFile) ? line : metrics.toString());
        }
        if (plotFile != null) {
            PictureFile.write(plotFile, new LearningCurves(history, monitors, evaluationSplit, plotSubtitle));
        }
    }

    @Override
    public void message(String text) {
        clearProgress();
        out.println(text);
    }

    void clearProgress() {
        if (progress != null) {
            progress.clear();
        }
    }

    private void print(EpochResult r) {
        String head = r.evaluation() != null
                ? String.format(Locale.ROOT, "Epoch %d: %d / %d", r.epoch(), r.evaluation().correct(), r.evaluation().total())
                : String.format(Locale.ROOT, "Epoch %d complete", r.epoch());
        if (validationBeside) {
            head += String.format(Locale.ROOT, " %s, %d / %d validation", evaluationSplit, r.validation().correct(),
                    r.validation().total());
        }
        out.printf(Locale.ROOT, "%s (%.2f s)%n", head, r.trainSeconds());
        if (monitors.contains(Monitor.TRAINING_COST)) {
            out.printf(Locale.ROOT, "  Cost on training data: %.6f%n", r.training().cost());
        }
        if (monitors.contains(Monitor.TRAINING_ACCURACY)) {
            out.printf(Locale.ROOT, "  Accuracy on training data: %d / %d%n", r.training().correct(), r.training().total());
        }
        if (monitors.contains(Monitor.EVALUATION_COST) && r.evaluation() != null) {
            out.printf(Locale.ROOT, "  Cost on evaluation data: %.6f%n", r.evaluation().cost());
        }
    }
}

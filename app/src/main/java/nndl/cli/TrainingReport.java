package nndl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nndl.io.AtomicFile;
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
    /** Jackson, started only when a metrics file is written (it loads a few hundred classes: not for every run). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final PrintWriter out;
    private final Set<Monitor> monitors;
    private final Progress progress;
    private final Path metricsFile;
    private final Path plotFile;
    private final String evaluationSplit;
    private final String plotSubtitle;
    private final List<EpochResult> history = new ArrayList<>();
    private final StringBuilder metrics = new StringBuilder();

    TrainingReport(PrintWriter out, Set<Monitor> monitors, Progress progress, Path metricsFile, Path plotFile, String evaluationSplit,
                   String plotSubtitle) {
        this.out = out;
        this.monitors = monitors;
        this.progress = progress;
        this.metricsFile = metricsFile;
        this.plotFile = plotFile;
        this.evaluationSplit = evaluationSplit;
        this.plotSubtitle = plotSubtitle;
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
            String line = json(metricsOf(r)) + "\n";
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

    /** One line of the metrics file: epoch, train_seconds, eta, and what was measured. */
    static Map<String, Object> metricsOf(EpochResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("train_seconds", r.trainSeconds());
        m.put("eta", r.eta());
        if (r.evaluation() != null) {
            m.put("evaluation_correct", r.evaluation().correct());
            m.put("evaluation_total", r.evaluation().total());
            m.put("evaluation_cost", r.evaluation().cost());
        }
        if (r.training() != null) {
            m.put("training_correct", r.training().correct());
            m.put("training_total", r.training().total());
            m.put("training_cost", r.training().cost());
        }
        return m;
    }

    private static String json(Map<String, Object> m) {
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

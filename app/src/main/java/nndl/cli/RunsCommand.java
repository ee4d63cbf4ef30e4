package nndl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nndl.UserException;
import nndl.nn.Evaluation;
import nndl.run.RunFolder;
import nndl.train.Checkpoint;
import nndl.train.EpochResult;
import nndl.train.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the runs kept in a folder by 'train --run': network, preset, epochs done, best and final"
                + " accuracy, training time, and whether each finished or was interrupted.",
                "Best is the accuracy on the evaluation data of the epoch best on validation data."})
final class RunsCommand implements Runnable {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder of run folders (default runs), or one run folder.")
    Path dir = Path.of("runs");
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        UserException.require(Files.isDirectory(dir), "folder " + dir + " does not exist: give a folder of runs made with train --run");
        List<Path> runs = new ArrayList<>();
        if (RunFolder.isRun(dir)) {
            runs.add(dir);
        } else {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, RunFolder::isRun)) {
                entries.forEach(runs::add);
            } catch (IOException e) {
                throw new UserException("cannot read folder " + dir + ": " + e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (runs.isEmpty()) {
            out.println("No runs in " + dir + " (start one with ./nndl train --run " + dir.resolve("NAME") + ")");
            return;
        }
        runs.sort(null);
        Table table = new Table("run", "network", "preset", "epochs", "best", "final", "training", "state");
        for (Path run : runs) {
            table.row(row(RunFolder.open(run)));
        }
        table.plain().forEach(out::println);
    }

    /** One run's line; a run whose checkpoint cannot be read says so in its state. */
    private static String[] row(RunFolder run) {
        Settings settings;
        Checkpoint checkpoint = null;
        String state;
        try {
            if (run.hasCheckpoint()) {
                checkpoint = run.checkpoint();
                settings = checkpoint.settings();
                state = run.finished(checkpoint) ? (checkpoint.stopReason() != null ? "stopped early" : "finished") : "interrupted";
            } else {
                settings = run.settings();
                state = "interrupted";
            }
        } catch (UserException e) {
            return new String[] {run.name(), "?", String.valueOf(run.preset()), "?", "", "", "", "damaged: " + e.getMessage()};
        }
        List<EpochResult> epochs = checkpoint != null ? checkpoint.history() : List.of();
        int best = checkpoint != null ? checkpoint.bestEpoch() : -1;
        double seconds = epochs.stream().mapToDouble(EpochResult::trainSeconds).sum();
        return new String[] {run.name(), Arrays.toString(settings.sizes()).replace(" ", ""), String.valueOf(run.preset()),
                epochs.size() + " of " + settings.epochs(),
                best >= 0 ? accuracy(epochs.get(best).evaluation()) + " (epoch " + best + ")" : "",
                epochs.isEmpty() ? "" : accuracy(epochs.get(epochs.size() - 1).evaluation()),
                String.format(Locale.ROOT, "%.1f s", seconds), state};
    }

    private static String accuracy(Evaluation e) {
        return e == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * e.accuracy());
    }
}

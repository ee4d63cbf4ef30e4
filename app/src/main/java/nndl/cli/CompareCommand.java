package nndl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nndl.run.Metrics;
import nndl.run.RunFolder;
import nndl.viz.PictureFile;
import nndl.viz.RunComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Draw several runs' curves on one plot, as the book's chapter-3 figures compare runs.",
                "Each RUN is a run folder (train --run) or a metrics file (train --metrics-out)."})
final class CompareCommand implements Runnable {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders or metrics files (JSON Lines).")
    List<Path> runs;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The plot: FILE.png or FILE.svg.")
    Path out;
    @Option(names = "--metric", paramLabel = "NAME", description = "What to draw: evaluation-accuracy (default), evaluation-cost,"
            + " validation-accuracy, validation-cost, training-accuracy, training-cost (as measured: see train --monitor).")
    String metric = "evaluation-accuracy";
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PictureFile.formatOf(out);
        List<RunComparison.Run> curves = new ArrayList<>();
        for (Path run : runs) {
            boolean folder = Files.isDirectory(run);
            RunFolder opened = folder ? RunFolder.open(run) : null;
            String name = folder ? opened.name() : String.valueOf(run.getFileName()).replaceFirst("\\.jsonl?$", "");
            curves.add(new RunComparison.Run(name, folder ? opened.metrics() : Metrics.read(run)));
        }
        PictureFile.write(out, new RunComparison(curves, metric));
        spec.commandLine().getOut().println("Drew " + metric + " of " + curves.size() + " runs to " + out);
    }
}

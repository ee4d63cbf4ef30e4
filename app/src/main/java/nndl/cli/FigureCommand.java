package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import nndl.UserException;
import nndl.data.Mnist;
import nndl.figures.BookFigure;
import nndl.figures.BookFigures;
import nndl.figures.FigureOptions;
import nndl.viz.PictureFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "figure", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw one of the book's chapter-3 figures from a run made now (PNG or SVG, by the name given to --out),"
                + " with what the book reports for it written beside the curves.",
                "--list names them with the book's section. The runs are the book's (400 epochs for overfitting:"
                        + " about 10 s); --epochs and --train-size make them shorter."})
final class FigureCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "slowdown, overfitting, regularization, init or eta.")
    String name;
    @Option(names = "--list", description = "Name the figures, with the book's section and numbers.")
    boolean list;
    @Option(names = "--out", paramLabel = "FILE", description = "The picture to write: FILE.png or FILE.svg.")
    Path out;
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs instead of the book's (a quicker look).")
    Integer epochs;
    @Option(names = "--train-size", paramLabel = "N", description = "Training images instead of the book's (the first N).")
    Integer trainSize;
    @Option(names = "--seed", paramLabel = "N", description = "Random seed for initial weights and shuffling (default 1).")
    long seed = 1;
    @Mixin
    Threads threads;
    @Mixin
    DataOptions data;

    @Override
    public void run() {
        PrintWriter printed = spec.commandLine().getOut();
        if (list) {
            UserException.require(name == null && out == null, "--list takes no figure name and no --out");
            for (BookFigure f : BookFigures.all()) {
                printed.printf(Locale.ROOT, "%-15s %s%n%-15s   %s%n%-15s   book: %s%n", f.name(), f.section(), "", f.about(), "", f.book());
            }
            printed.flush();
            return;
        }
        UserException.require(name != null, "name a figure (./nndl figure --list names them), e.g. ./nndl figure overfitting --out overfitting.svg");
        BookFigure figure = BookFigures.named(name);
        UserException.require(out != null, "give the picture to write with --out FILE.svg or --out FILE.png");
        PictureFile.formatOf(out);
        FigureOptions options = new FigureOptions(epochs, trainSize, seed, threads.count(), line -> {
            printed.println(line);
            printed.flush();
        });
        Mnist[] loaded = new Mnist[1];
        BookFigure.Drawn drawn = figure.draw(() -> loaded[0] != null ? loaded[0] : (loaded[0] = data.load()), options);
        PictureFile.write(out, drawn.picture());
        for (String line : drawn.findings()) {
            printed.println(line);
        }
        printed.println("Wrote " + out);
        printed.flush();
    }
}

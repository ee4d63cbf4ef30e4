package nndl.figures;

import java.util.List;
import java.util.function.Supplier;
import nndl.data.Mnist;
import nndl.viz.Drawing;

/**
 * One of the book's chapter-3 figures, drawn from a run made now (or from the single neuron):
 * what it shows, where the book has it and the numbers the book reports for it.
 */
public interface BookFigure {
    /** The name on the command line: {@code nndl figure NAME}. */
    String name();

    /** Where the book has it: chapter 3 and the section. */
    String section();

    /** What is run and drawn. */
    String about();

    /** What the book reports for this figure, in its words and numbers ("" where it gives none). */
    String book();

    /**
     * Makes the run(s) and draws them.
     *
     * @param mnist   the data, loaded when first asked for
     * @param options epochs and training-set size to use instead of the book's, seed, threads, and where to report
     */
    Drawn draw(Supplier<Mnist> mnist, FigureOptions options);

    /** The picture, and a few lines comparing the run with the book ("test accuracy peaked at ...; the book: ..."). */
    record Drawn(Drawing picture, List<String> findings) {
    }
}

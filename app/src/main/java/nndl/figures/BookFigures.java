package nndl.figures;

import java.util.List;
import java.util.stream.Collectors;
import nndl.UserException;

/** The book's chapter-3 figures that {@code nndl figure} draws, in the book's order. */
public final class BookFigures {
    private static final List<BookFigure> ALL = List.of(new SlowdownFigure(), OverfittingFigure.overfitting(),
            OverfittingFigure.regularization(), new InitializationFigure(), new LearningRateFigure());

    private BookFigures() {
    }

    public static List<BookFigure> all() {
        return ALL;
    }

    public static BookFigure named(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new UserException(
                "unknown figure '" + name + "': use one of " + ALL.stream().map(BookFigure::name).collect(Collectors.joining(", "))
                        + " (./nndl figure --list describes them)"));
    }
}

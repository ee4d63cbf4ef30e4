package nndl.figures;

import java.util.function.Consumer;
import nndl.UserException;

/**
 * How to make a figure's runs: the book's number of epochs and training images unless given
 * (a shorter run for a quick look), the seed, the threads, and where to say what is being run.
 *
 * @param epochs    epochs instead of the book's, or null
 * @param trainSize training images instead of the book's, or null
 * @param log       hears one line as each run starts
 */
public record FigureOptions(Integer epochs, Integer trainSize, long seed, int threads, Consumer<String> log) {
    public FigureOptions {
        UserException.require(epochs == null || epochs >= 1, "--epochs must be at least 1, got " + epochs);
        UserException.require(trainSize == null || trainSize >= 1, "--train-size must be at least 1, got " + trainSize);
        UserException.require(threads >= 1, "threads must be at least 1, got " + threads);
    }

    int epochs(int book) {
        return epochs != null ? epochs : book;
    }

    int trainSize(int book) {
        return trainSize != null ? trainSize : book;
    }
}

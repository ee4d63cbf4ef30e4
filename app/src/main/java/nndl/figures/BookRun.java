package nndl.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nndl.data.Mnist;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Settings;
import nndl.train.Split;

/**
 * A training run as the book's figure scripts make them: network2.py's {@code SGD} on [784, 30, 10]
 * sigmoid neurons with a mini-batch of 10, the first n training images, with the cost,
 * initialization, η, λ, epochs, evaluation data and measurements of each figure.
 */
record BookRun(Settings settings) {
    /** [784, 30, 10] sigmoid neurons, mini-batches of 10, with the rest as given. */
    static BookRun of(Cost cost, Initializer init, double eta, double lambda, int epochs, int trainSize, Split evaluation,
                      Set<Monitor> monitors) {
        return new BookRun(Settings.DEFAULT.toBuilder().sizes(784, 30, 10).cost(cost).init(init).eta(eta).lambda(lambda)
                .epochs(epochs).trainSize(trainSize).evaluation(evaluation).monitors(monitors).build());
    }

    /** This run with the epochs, training-set size and seed the options ask for. */
    BookRun as(FigureOptions options) {
        return new BookRun(settings.toBuilder().epochs(options.epochs(settings.epochs()))
                .trainSize(Math.min(Mnist.TRAINING_SIZE, options.trainSize(settings.trainSize())))
                .seed(options.seed()).build());
    }

    /** Trains the network with the library's {@code Sgd} and gives what each epoch measured. */
    List<EpochResult> train(Mnist mnist, int threads) {
        List<EpochResult> epochs = new ArrayList<>();
        settings.sgd().threads(threads).train(settings.network(), settings.trainingData(mnist.training()),
                settings.evaluationData(mnist), epochs::add);
        return epochs;
    }

    /**
     * "[784, 30, 10], cross-entropy cost, large initialization, 1,000 training images, η = 0.5,
     * λ = 0.1, 400 epochs", leaving out the settings named (for a figure whose runs differ in
     * them: "init", "eta").
     */
    String describe(String... leaveOut) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("sizes", Arrays.toString(settings.sizes()));
        parts.put("cost", settings.cost().id() + " cost");
        parts.put("init", settings.init().id() + " initialization");
        parts.put("images", String.format(Locale.ROOT, "%,d training images", settings.trainSize()));
        parts.put("eta", "\u03b7 = " + number(settings.eta()));
        parts.put("lambda", "\u03bb = " + number(settings.lambda()));
        parts.put("epochs", settings.epochs() + " epochs");
        parts.keySet().removeAll(List.of(leaveOut));
        return String.join(", ", parts.values());
    }

    /** 0.5 as "0.5", 5.0 as "5", 0.025 as "0.025". */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}

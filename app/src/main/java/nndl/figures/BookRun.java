package nndl.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Sgd;
import nndl.train.TrainingListener;

/**
 * A training run as the book's figure scripts make them (network2.py's {@code SGD} with a
 * mini-batch of 10 and sigmoid neurons throughout): the network, cost, initialization, η, λ,
 * epochs, how many training images (the first n), the evaluation data ("test", "validation" or
 * null for none) and what is measured after each epoch.
 */
public record BookRun(int[] sizes, Cost cost, Initializer init, double eta, double lmbda, int epochs, int trainSize,
                      String evaluation, Set<Monitor> monitors) {
    public static final int MINI_BATCH_SIZE = 10;

    /** This run with the epochs and training-set size the options ask for instead of the book's. */
    BookRun as(FigureOptions options) {
        return new BookRun(sizes, cost, init, eta, lmbda, options.epochs(epochs),
                Math.min(Mnist.TRAINING_SIZE, options.trainSize(trainSize)), evaluation, monitors);
    }

    /** Trains the network from the seed with the library's {@link Sgd} and gives what each epoch measured. */
    public List<EpochResult> train(Mnist mnist, long seed, int threads) {
        Network network = new Network(sizes, Activation.SIGMOID, Activation.SIGMOID, cost).initialize(init, new Random(seed));
        Dataset training = mnist.training().first(Math.min(trainSize, mnist.training().size()));
        Dataset eval = evaluation == null ? null : mnist.split(evaluation);
        List<EpochResult> epochsDone = new ArrayList<>();
        new Sgd(epochs, MINI_BATCH_SIZE, eta).lmbda(lmbda).seed(seed).threads(threads).monitor(monitors)
                .train(network, training, eval, new TrainingListener() {
                    @Override
                    public void epochDone(EpochResult result) {
                        epochsDone.add(result);
                    }
                });
        return epochsDone;
    }

    /**
     * "[784, 30, 10], cross-entropy cost, large initialization, 1,000 training images, η = 0.5,
     * λ = 0.1, 400 epochs", leaving out the settings named (for a figure whose runs differ in them:
     * "init", "eta").
     */
    public String describe(String... leaveOut) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("sizes", Arrays.toString(sizes));
        parts.put("cost", cost.id() + " cost");
        parts.put("init", init.id() + " initialization");
        parts.put("images", String.format(Locale.ROOT, "%,d training images", trainSize));
        parts.put("eta", "\u03b7 = " + number(eta));
        parts.put("lambda", "\u03bb = " + number(lmbda));
        parts.put("epochs", epochs + " epochs");
        parts.keySet().removeAll(List.of(leaveOut));
        return String.join(", ", parts.values());
    }

    /** 0.5 as "0.5", 5.0 as "5", 0.025 as "0.025". */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }
}

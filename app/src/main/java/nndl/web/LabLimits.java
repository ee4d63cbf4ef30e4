package nndl.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nndl.UserException;
import nndl.data.Mnist;
import nndl.nn.Network;
import nndl.train.Settings;
import nndl.train.Split;

/**
 * What one training run in the lab may ask for, so that one page cannot take the server down: the
 * settings a page may give, the network's size, the epochs, the data and the work in all. Checked
 * on the server before the run starts (the page's own checks are a convenience only); a request
 * beyond them is refused with one line naming the limit. docs/lab.md lists them and why.
 *
 * @param hiddenLayers  hidden layers at most
 * @param neurons       neurons in a hidden layer at most
 * @param parameters    weights and biases in all at most (a [784, 1000, 10] network has 795,010)
 * @param epochs        epochs at most
 * @param miniBatchSize examples in a mini-batch at most
 * @param eta           the largest learning rate
 * @param work          parameters × training images × epochs at most: the multiply-adds of the run's
 *                      forward passes, which bound its time (a [784, 800, 10] network on all 50,000
 *                      images for 30 epochs is 0.95 · 10¹²)
 */
public record LabLimits(int hiddenLayers, int neurons, long parameters, int epochs, int miniBatchSize, double eta, double work) {
    /** The settings a page may give, named as on the command line and in settings files. */
    public static final Set<String> SETTINGS = Set.of("preset", "sizes", "hidden", "epochs", "mini-batch-size", "eta",
            "cost", "activation", "output", "init", "lambda", "l1", "momentum", "dropout", "train-size", "seed");

    /** Up to 3 hidden layers of 1,000 neurons, 10⁶ parameters, 100 epochs, mini-batches of 1,000, η ≤ 100, 10¹² multiply-adds. */
    public static final LabLimits DEFAULT = new LabLimits(3, 1000, 1_000_000, 100, 1000, 100, 1e12);

    /**
     * The run a page asks for: its settings by name (strings or numbers, as {@link Settings#with(Map)}
     * takes them) applied to the default run, evaluated on the validation data (the test data is
     * looked at once, at the end), and checked against these limits.
     *
     * @throws UserException naming the setting or the limit
     */
    public Settings settings(Map<String, ?> asked) {
        for (String name : asked.keySet()) {
            UserException.require(SETTINGS.contains(name), "the lab does not take the setting '" + name + "': it takes "
                    + String.join(", ", SETTINGS.stream().sorted().toList()));
        }
        Settings s = Settings.DEFAULT.with(asked).toBuilder().evaluation(Split.VALIDATION).monitors(Set.of()).build();
        UserException.require(s.expand().isEmpty(), "the lab trains on MNIST's images as they are: a preset that expands"
                + " them (" + asked.get("preset") + ") is for ./nndl train");
        int[] sizes = s.sizes();
        UserException.require(sizes.length - 2 <= hiddenLayers, "the network has " + (sizes.length - 2)
                + " hidden layers: the lab allows at most " + hiddenLayers);
        for (int l = 1; l < sizes.length - 1; l++) {
            UserException.require(sizes[l] <= neurons, "a hidden layer of " + sizes[l] + " neurons: the lab allows at most "
                    + neurons + " a layer");
        }
        long count = Network.parameters(sizes);
        UserException.require(count <= parameters, String.format(Locale.ROOT,
                "%s has %,d weights and biases: the lab allows at most %,d", Arrays.toString(sizes), count, parameters));
        UserException.require(s.epochs() <= epochs, "epochs " + s.epochs() + ": the lab allows at most " + epochs);
        UserException.require(s.miniBatchSize() <= miniBatchSize, "a mini-batch of " + s.miniBatchSize()
                + ": the lab allows at most " + miniBatchSize);
        UserException.require(s.eta() <= eta, "eta " + s.eta() + ": the lab allows at most " + eta);
        int images = images(s);
        double total = (double) count * images * s.epochs();
        UserException.require(total <= work, String.format(Locale.ROOT, "%s on %,d images for %d epochs is %.2g multiply-adds:"
                + " the lab allows at most %.2g (fewer epochs, images or neurons)", Arrays.toString(sizes), images, s.epochs(),
                total, work));
        return s;
    }

    /** A learning rate a page may set while a run trains. */
    public double eta(double value) {
        UserException.require(value > 0 && value <= eta, "eta must be above 0 and at most " + eta + ", got " + value);
        return value;
    }

    /** How many training images a run uses: its training-set size, or all 50,000. */
    static int images(Settings s) {
        return s.trainSize() > 0 ? Math.min(s.trainSize(), Mnist.TRAINING_SIZE) : Mnist.TRAINING_SIZE;
    }
}

package nndl.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;

/**
 * A named training run with all its settings: the book's experiments, with the figure the
 * book reports for each, and the project's own best recipe. {@code ch1} is the default run.
 */
public record Preset(String name, String description, String bookFigure, int[] sizes, int epochs, int miniBatchSize,
                     double eta, String cost, String activation, String output, String init, double lmbda, double l1,
                     double momentum, double dropout, int schedule, int earlyStop, String evaluation, String expand) {

    /** The book's chapter-1 run, the default of {@code nndl train}. */
    public static final Preset CH1 = new Preset("ch1", "chapter 1: [784,30,10] sigmoid, quadratic cost, eta 3.0",
            "95.42% (best epoch, test)", new int[] {784, 30, 10}, 30, 10, 3.0, "quadratic", "sigmoid", "sigmoid",
            "default", 0, 0, 0, 0, 0, 0, "test", "none");

    private static final Map<String, Preset> ALL = new LinkedHashMap<>();

    static {
        add(CH1);
        add(CH1.with("ch1-100", "chapter 1: [784,100,10], otherwise as ch1", "96.59% (best epoch, test)")
                .sizes(784, 100, 10));
        add(new Preset("ch3-cross-entropy", "chapter 3: [784,30,10] cross-entropy, eta 0.5",
                "95.49% (best epoch, test)", new int[] {784, 30, 10}, 30, 10, 0.5, "cross-entropy", "sigmoid",
                "sigmoid", "default", 0, 0, 0, 0, 0, 0, "test", "none"));
        add(new Preset("ch3-l2", "chapter 3: [784,30,10] cross-entropy, eta 0.5, L2 lambda 5.0",
                "96.49% (best epoch, test)", new int[] {784, 30, 10}, 30, 10, 0.5, "cross-entropy", "sigmoid",
                "sigmoid", "default", 5.0, 0, 0, 0, 0, 0, "test", "none"));
        add(new Preset("ch3-l2-100", "chapter 3: [784,100,10] cross-entropy, eta 0.5, L2 lambda 5.0, 60 epochs",
                "97.92% (validation)", new int[] {784, 100, 10}, 60, 10, 0.5, "cross-entropy", "sigmoid",
                "sigmoid", "default", 5.0, 0, 0, 0, 0, 0, "validation", "none"));
        add(new Preset("best", "ours: [784,800,10] ReLU, softmax + log-likelihood, momentum 0.9, mini-batch 50, dropout 0.3,"
                + " L2 lambda 5, each image with its four one-pixel shifts and an elastic distortion (300,000 an"
                + " epoch), eta halved after 3 epochs without improvement; 20 epochs; chosen on validation data",
                "about 98% (chapter 3's fully connected networks)", new int[] {784, 800, 10}, 20, 50, 0.05,
                "log-likelihood", "relu", "softmax", "default", 5.0, 0, 0.9, 0.3, 3, 0, "validation", "shift,elastic"));
    }

    private static void add(Preset p) {
        ALL.put(p.name(), p);
    }

    public static List<Preset> all() {
        return List.copyOf(ALL.values());
    }

    public static Preset named(String name) {
        Preset p = ALL.get(name);
        if (p == null) {
            throw new UserException("unknown preset '" + name + "': use one of " + String.join(", ", ALL.keySet())
                    + " (./nndl presets lists them)");
        }
        return p;
    }

    private Preset with(String newName, String newDescription, String newFigure) {
        return new Preset(newName, newDescription, newFigure, sizes, epochs, miniBatchSize, eta, cost, activation,
                output, init, lmbda, l1, momentum, dropout, schedule, earlyStop, evaluation, expand);
    }

    private Preset sizes(int... newSizes) {
        return new Preset(name, description, bookFigure, newSizes, epochs, miniBatchSize, eta, cost, activation,
                output, init, lmbda, l1, momentum, dropout, schedule, earlyStop, evaluation, expand);
    }

    /**
     * The network this run trains, with its weights initialized from the seed. Checks that the
     * neurons and cost go together (softmax only at the output, log-likelihood only with it).
     */
    public Network network(long seed) {
        Cost theCost = Cost.parse(cost);
        Activation hidden = Activation.parse(activation);
        Activation out = Activation.parse(output);
        UserException.require(out == Activation.SIGMOID || out == Activation.SOFTMAX,
                "unknown output layer '" + output + "': use sigmoid or softmax");
        UserException.require(hidden != Activation.SOFTMAX, "softmax is for the output layer: use --output softmax");
        return new Network(sizes, hidden, out, theCost).initialize(Initializer.parse(init), new Random(seed));
    }

    /** Gradient descent with this run's hyperparameters (seed, threads and monitors are the caller's). */
    public Sgd sgd() {
        return new Sgd(epochs, miniBatchSize, eta).lmbda(lmbda).l1(l1).momentum(momentum).dropout(dropout)
                .schedule(schedule).earlyStop(earlyStop);
    }

    /** The training data as this run sees it: expanded on the fly if it says so. */
    public Dataset trainingData(Dataset training, long seed) {
        return training.expanded(Expansion.parse(expand, seed));
    }

    /** The settings by name, as model files record how a network was trained. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", name);
        m.put("sizes", sizes.clone());
        m.put("epochs", epochs);
        m.put("mini_batch_size", miniBatchSize);
        m.put("eta", eta);
        m.put("cost", cost);
        m.put("activation", activation);
        m.put("output", output);
        m.put("init", init);
        m.put("lambda", lmbda);
        m.put("l1", l1);
        m.put("momentum", momentum);
        m.put("dropout", dropout);
        m.put("schedule", schedule);
        m.put("early_stop", earlyStop);
        m.put("evaluation", evaluation);
        m.put("expand", expand);
        return m;
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(sizes);
    }
}

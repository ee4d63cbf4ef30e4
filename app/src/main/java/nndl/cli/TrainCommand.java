package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Evaluation;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Settings;
import nndl.train.Split;
import nndl.train.Sgd;
import nndl.train.TrainingResult;
import nndl.viz.PictureFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on MNIST with mini-batch stochastic gradient descent.",
                "Without options this is the book's chapter-1 run (preset ch1): [784,30,10], 30 epochs,"
                        + " mini-batch 10, eta 3.0, quadratic cost, evaluated on the test set after each epoch."})
final class TrainCommand implements Runnable {
    @Option(names = "--preset", paramLabel = "NAME", description = "Start from a named run (./nndl presets lists them). Default: ch1.")
    String preset;
    @Option(names = "--config", paramLabel = "FILE",
            description = "Read settings from a JSON file of settings by name, such as {\"preset\": \"ch3-l2\", \"eta\": 0.25};"
                    + " options given beside it override it.")
    Path config;
    @Mixin
    DataOptions data;
    @Option(names = "--sizes", paramLabel = "N,N,...", split = ",", description = "Layer sizes, input first (default 784,30,10).")
    int[] sizes;
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of training (default 30).")
    Integer epochs;
    @Option(names = {"--batch-size", "--mini-batch-size"}, paramLabel = "M", description = "Examples per mini-batch (default 10).")
    Integer miniBatchSize;
    @Option(names = "--eta", paramLabel = "ETA", description = "Learning rate (default 3.0).")
    Double eta;
    @Option(names = "--cost", paramLabel = "NAME", description = "quadratic, cross-entropy or log-likelihood (default quadratic).")
    String cost;
    @Option(names = "--activation", paramLabel = "NAME", description = "Hidden neurons: sigmoid, tanh or relu (default sigmoid).")
    String activation;
    @Option(names = "--output", paramLabel = "NAME", description = "Output neurons: sigmoid or softmax (default sigmoid; softmax with log-likelihood).")
    String output;
    @Option(names = "--init", paramLabel = "NAME", description = "Weight initialization: default (N(0,1/n_in)) or large (N(0,1)).")
    String init;
    @Option(names = {"--lambda", "--l2"}, paramLabel = "LAMBDA", description = "L2 regularization parameter (default 0).")
    Double lambda;
    @Option(names = "--l1", paramLabel = "LAMBDA", description = "L1 regularization parameter (default 0).")
    Double l1;
    @Option(names = "--momentum", paramLabel = "MU", description = "Momentum coefficient in [0, 1) (default 0).")
    Double momentum;
    @Option(names = "--dropout", paramLabel = "P", description = "Probability of dropping each hidden neuron in training (default 0).")
    Double dropout;
    @Option(names = "--schedule", paramLabel = "N", description = "Halve eta after N epochs without improvement; stop at eta/128 (default off).")
    Integer schedule;
    @Option(names = "--early-stop", paramLabel = "N", description = "Stop after N epochs without improvement, keeping the best network (default off).")
    Integer earlyStop;
    @Option(names = "--monitor", paramLabel = "LIST",
            description = "Also measure: training-cost, training-accuracy, evaluation-cost, evaluation-accuracy (comma-separated).")
    String monitor;
    @Option(names = "--seed", paramLabel = "N", description = "Random seed for initial weights, shuffling and dropout (default 1).")
    Long seed;
    @Mixin
    Threads threads;
    @Option(names = "--train-size", paramLabel = "N", description = "Use only the first N training images.")
    Integer trainSize;
    @Option(names = "--expand", paramLabel = "KINDS",
            description = "Expand the training data on the fly: none, or any of shift,rotate,elastic (see ./nndl expand --help).")
    String expand;
    @Option(names = "--eval", paramLabel = "SPLIT", description = "Evaluate on test or validation data (default test).")
    String eval;
    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained network as JSON (network2.py format).")
    Path save;
    @Option(names = "--metrics-out", paramLabel = "FILE", description = "Write one JSON object per epoch (JSON Lines).")
    Path metricsOut;
    @Option(names = "--plot", paramLabel = "FILE",
            description = "Draw accuracy and cost per epoch (what was measured) to FILE.png or FILE.svg, redrawn after each epoch.")
    Path plot;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (plot != null) {
            PictureFile.formatOf(plot);
        }
        Map<String, Object> file = config != null ? Settings.readFile(config) : Map.of();
        String presetName = preset != null ? preset : String.valueOf(file.getOrDefault("preset", "ch1"));
        Settings settings = settings(presetName, file);
        Set<Monitor> monitors = settings.monitors();
        TrainingChecks.check(settings.sizes(), settings.miniBatchSize(), settings.momentum() > 0, settings.dropout() > 0,
                settings.earlyStop() > 0, save, metricsOut, plot);
        Network network = settings.network();
        Sgd sgd = settings.sgd().threads(threads.count());

        long loadStart = System.nanoTime();
        Mnist mnist = data.load();
        Dataset training = settings.trainingData(mnist.training());
        Dataset evaluation = settings.evaluationData(mnist);
        String split = settings.evaluation().id();
        // The validation data steers (the schedule, early stopping and the network kept), never the test data.
        boolean steered = settings.schedule() > 0 || settings.earlyStop() > 0;
        Dataset validation = settings.evaluation() == Split.VALIDATION ? evaluation : steered ? mnist.validation() : null;
        network.requireFits(training);
        int images = settings.imagesPerEpoch(training);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Training %s on %d images (%s cost, %s), evaluating on %d %s images; data loaded in %.2f s%n",
                Arrays.toString(network.sizes()), images, network.cost().id(), describe(network),
                evaluation.size(), split, (System.nanoTime() - loadStart) / 1e9);
        boolean validationBeside = validation != null && validation != evaluation;
        if (validationBeside) {
            out.printf(Locale.ROOT, "The %s %s the %d validation images; the %s images are only reported%n",
                    settings.earlyStop() > 0 && settings.schedule() > 0 ? "schedule and early stopping"
                            : settings.schedule() > 0 ? "schedule" : "early stopping",
                    settings.earlyStop() > 0 && settings.schedule() > 0 ? "watch" : "watches", validation.size(), split);
        }

        String plotSubtitle = String.format(Locale.ROOT, "%s, %s cost, %,d training images, \u03b7 = %s, \u03bb = %s",
                Arrays.toString(network.sizes()), network.cost().id(), images, settings.eta(), settings.lambda());
        TrainingReport report = new TrainingReport(out, monitors, Progress.onTerminal(out, images), metricsOut,
                plot, split, plotSubtitle, validationBeside);
        TrainingResult result;
        try {
            result = sgd.train(network, training, validation, evaluation, new Divergence(report, network.outputs(), settings.eta()));
        } finally {
            report.clearProgress();
        }
        EpochResult best = result.best();
        if (best != null && validationBeside) {
            out.printf(Locale.ROOT, "Best: epoch %d, %s on validation data (%s on %s data)%n", best.epoch(),
                    best.validation(), best.evaluation(), split);
        } else if (best != null) {
            out.printf(Locale.ROOT, "Best: epoch %d, %s on %s data%n", best.epoch(), best.evaluation(), split);
        }
        if (save != null) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("preset", presetName);
            info.put("settings", settings.toMap());
            info.put("evaluation", split);
            info.put("epochs_trained", result.epochs().size());
            Evaluation kept = result.kept().evaluation();
            if (kept != null) {
                info.put("evaluation_correct", kept.correct());
                info.put("evaluation_total", kept.total());
            }
            ModelFile.save(network, info, save);
            out.println("Saved the network to " + save);
        }
    }

    /**
     * The settings of this run: the preset's (named by --preset, else by the settings file, else
     * ch1), then the settings file's, then each option given; a problem names the option or file.
     */
    Settings settings(String presetName, Map<String, Object> file) {
        Map<String, Object> fromFile = new LinkedHashMap<>(file);
        fromFile.remove("preset");
        Settings s = preset != null || !file.containsKey("preset")
                ? option(Settings.DEFAULT, "--preset", "preset", presetName)
                : inFile(() -> Settings.DEFAULT.with("preset", presetName));
        Settings base = s;
        s = inFile(() -> base.with(fromFile));
        s = option(s, "--sizes", "sizes", sizes == null ? null : Arrays.stream(sizes).mapToObj(String::valueOf)
                .collect(Collectors.joining(",")));
        s = option(s, "--epochs", "epochs", epochs);
        s = option(s, "--batch-size", "mini-batch-size", miniBatchSize);
        s = option(s, "--eta", "eta", eta);
        s = option(s, "--cost", "cost", cost);
        s = option(s, "--activation", "activation", activation);
        s = option(s, "--output", "output", output);
        s = option(s, "--init", "init", init);
        s = option(s, "--lambda", "lambda", lambda);
        s = option(s, "--l1", "l1", l1);
        s = option(s, "--momentum", "momentum", momentum);
        s = option(s, "--dropout", "dropout", dropout);
        s = option(s, "--schedule", "schedule", schedule);
        s = option(s, "--early-stop", "early-stop", earlyStop);
        s = option(s, "--eval", "eval", eval);
        s = option(s, "--expand", "expand", expand);
        s = option(s, "--train-size", "train-size", trainSize);
        s = option(s, "--seed", "seed", seed);
        return option(s, "--monitor", "monitor", monitor);
    }

    /** The settings with one option's value in place (if it was given); a problem with it names the option. */
    private static Settings option(Settings s, String flag, String name, Object value) {
        if (value == null) {
            return s;
        }
        try {
            return s.with(name, String.valueOf(value));
        } catch (UserException e) {
            throw new UserException(flag + ": " + e.getMessage(), e);
        }
    }

    /** The settings file's changes; a problem with them names the file. */
    private Settings inFile(java.util.function.Supplier<Settings> apply) {
        try {
            return apply.get();
        } catch (UserException e) {
            throw new UserException("settings file " + config + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Network network) {
        Activation hidden = network.hiddenActivation();
        String out = network.outputActivation().id() + " output";
        return hidden != null ? hidden.id() + " hidden, " + out : out;
    }

}

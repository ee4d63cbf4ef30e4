package nndl.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Evaluation;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Preset;
import nndl.train.Sgd;
import nndl.train.TrainingResult;
import nndl.viz.PictureFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on MNIST with mini-batch stochastic gradient descent.",
                "Without options this is the book's chapter-1 run (preset ch1): [784,30,10], 30 epochs,"
                        + " mini-batch 10, eta 3.0, quadratic cost, evaluated on the test set after each epoch."})
final class TrainCommand implements Runnable {
    @Option(names = "--preset", paramLabel = "NAME", description = "Start from a named run (./nndl presets lists them). Default: ch1.")
    String preset = "ch1";
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
    Double lmbda;
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
    long seed = 1;
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

    @Override
    public void run() {
        if (plot != null) {
            PictureFile.formatOf(plot);
        }
        UserException.require(trainSize == null || trainSize >= 1, "--train-size must be at least 1, got " + trainSize);
        Preset settings = settings();
        UserException.require(settings.evaluation().equals("test") || settings.evaluation().equals("validation"),
                "unknown evaluation data '" + settings.evaluation() + "': use test or validation");
        Set<Monitor> monitors = Monitor.parse(monitor != null ? monitor : "");
        int threadCount = threads.count();
        TrainingChecks.check(settings.sizes(), settings.miniBatchSize(), settings.momentum() > 0, settings.dropout() > 0,
                settings.earlyStop() > 0, save, metricsOut, plot);
        Network network = settings.network(seed);
        Sgd sgd = settings.sgd().seed(seed).threads(threadCount).monitor(monitors);

        long loadStart = System.nanoTime();
        Mnist mnist = data.load();
        Dataset training = settings.trainingData(trainSize != null ? mnist.training().first(trainSize) : mnist.training(), seed);
        Dataset evaluation = mnist.split(settings.evaluation());
        network.requireFits(training);
        System.out.printf(Locale.ROOT, "Training %s on %d images (%s cost, %s), evaluating on %d %s images; data loaded in %.2f s%n",
                Arrays.toString(network.sizes()), training.size(), network.cost().id(), describe(network),
                evaluation.size(), settings.evaluation(), (System.nanoTime() - loadStart) / 1e9);

        String plotSubtitle = String.format(Locale.ROOT, "%s, %s cost, %,d training images, \u03b7 = %s, \u03bb = %s",
                Arrays.toString(network.sizes()), network.cost().id(), training.size(), settings.eta(), settings.lmbda());
        TrainingReport report = new TrainingReport(monitors, Progress.onTerminal(training.size()), metricsOut,
                plot, settings.evaluation(), plotSubtitle);
        TrainingResult result;
        try {
            result = sgd.train(network, training, evaluation, new Divergence(report, network.outputs(), settings.eta()));
        } finally {
            report.clearProgress();
        }
        EpochResult best = result.best();
        if (best != null) {
            System.out.printf(Locale.ROOT, "Best: epoch %d, %s on %s data%n", best.epoch(), best.evaluation(), settings.evaluation());
        }
        if (save != null) {
            Map<String, Object> info = new LinkedHashMap<>(settings.settings());
            info.put("seed", seed);
            info.put("epochs_trained", result.epochs().size());
            Evaluation last = result.last().evaluation();
            if (last != null) {
                info.put("evaluation_correct", last.correct());
                info.put("evaluation_total", last.total());
            }
            ModelFile.save(network, info, save);
            System.out.println("Saved the network to " + save);
        }
    }

    /** The preset named by --preset, with each option given beside it put in place of the preset's value. */
    Preset settings() {
        Preset p = Preset.named(preset);
        String theCost = or(cost, p.cost());
        String theOutput = output != null ? output : (Cost.parse(theCost) == Cost.LOG_LIKELIHOOD ? "softmax" : p.output());
        return new Preset(p.name(), p.description(), p.bookFigure(), sizes != null ? sizes : p.sizes(),
                or(epochs, p.epochs()), or(miniBatchSize, p.miniBatchSize()), or(eta, p.eta()), theCost,
                or(activation, p.activation()), theOutput, or(init, p.init()), or(lmbda, p.lmbda()), or(l1, p.l1()),
                or(momentum, p.momentum()), or(dropout, p.dropout()), or(schedule, p.schedule()),
                or(earlyStop, p.earlyStop()), or(eval, p.evaluation()), or(expand, p.expand()));
    }

    private static String describe(Network network) {
        Activation hidden = network.hiddenActivation();
        String out = network.outputActivation().id() + " output";
        return hidden != null ? hidden.id() + " hidden, " + out : out;
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}

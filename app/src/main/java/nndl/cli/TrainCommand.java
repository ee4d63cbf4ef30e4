package nndl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.data.Mnist;
import nndl.io.AtomicFile;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Evaluation;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Preset;
import nndl.train.Sgd;
import nndl.train.TrainingListener;
import nndl.train.TrainingResult;
import nndl.viz.LearningCurves;
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
        Preset p = Preset.named(preset);
        if (plot != null) {
            PictureFile.formatOf(plot);
        }
        int[] layerSizes = sizes != null ? sizes : p.sizes();
        Cost theCost = Cost.parse(or(cost, p.cost()));
        Activation hidden = Activation.parse(or(activation, p.activation()));
        String outputName = output != null ? output : (theCost == Cost.LOG_LIKELIHOOD ? "softmax" : p.output());
        Activation out = Activation.parse(outputName);
        UserException.require(out == Activation.SIGMOID || out == Activation.SOFTMAX,
                "unknown output layer '" + outputName + "': use sigmoid or softmax");
        UserException.require(hidden != Activation.SOFTMAX, "softmax is for the output layer: use --output softmax");
        Initializer initializer = Initializer.parse(or(init, p.init()));
        Set<Monitor> monitors = Monitor.parse(or(monitor, ""));
        String evalSplit = or(eval, p.evaluation());
        UserException.require(evalSplit.equals("test") || evalSplit.equals("validation"),
                "unknown evaluation data '" + evalSplit + "': use test or validation");
        UserException.require(trainSize == null || trainSize >= 1, "--train-size must be at least 1, got " + trainSize);
        Sgd sgd = new Sgd(or(epochs, p.epochs()), or(miniBatchSize, p.miniBatchSize()), or(eta, p.eta()))
                .lmbda(or(lmbda, p.lmbda())).l1(or(l1, p.l1())).momentum(or(momentum, p.momentum()))
                .dropout(or(dropout, p.dropout())).schedule(or(schedule, p.schedule()))
                .earlyStop(or(earlyStop, p.earlyStop())).seed(seed).threads(threads.count()).monitor(monitors);
        Network network = new Network(layerSizes, hidden, out, theCost);

        long loadStart = System.nanoTime();
        Mnist mnist = data.load();
        Dataset training = (trainSize != null ? mnist.training().first(trainSize) : mnist.training())
                .expanded(Expansion.parse(or(expand, p.expand()), seed));
        Dataset evaluation = mnist.split(evalSplit);
        network.requireFits(training);
        network.initialize(initializer, new Random(seed));
        System.out.printf(Locale.ROOT, "Training %s on %d images (%s cost, %s), evaluating on %d %s images; data loaded in %.2f s%n",
                Arrays.toString(layerSizes), training.size(), theCost.id(), describe(hidden, out, layerSizes),
                evaluation.size(), evalSplit, (System.nanoTime() - loadStart) / 1e9);

        List<Map<String, Object>> metrics = new ArrayList<>();
        List<EpochResult> history = new ArrayList<>();
        Progress progress = Progress.onTerminal(training.size());
        String plotSubtitle = String.format(Locale.ROOT, "%s, %s cost, %,d training images, \u03b7 = %s, \u03bb = %s",
                Arrays.toString(layerSizes), theCost.id(), training.size(), or(eta, p.eta()), or(lmbda, p.lmbda()));
        TrainingResult result = sgd.train(network, training, evaluation, new TrainingListener() {
            @Override
            public void batchDone(int epoch, int done, int total) {
                if (progress != null) {
                    progress.batchDone(epoch, done, total);
                }
            }

            @Override
            public void epochDone(EpochResult r) {
                if (progress != null) {
                    progress.clear();
                }
                printEpoch(r, monitors);
                metrics.add(metricsOf(r));
                if (metricsOut != null) {
                    writeMetrics(metrics);
                }
                history.add(r);
                if (plot != null) {
                    PictureFile.write(plot, new LearningCurves(history, monitors, evalSplit, plotSubtitle));
                }
            }

            @Override
            public void message(String text) {
                System.out.println(text);
            }
        });
        EpochResult best = result.best();
        if (best != null) {
            System.out.printf(Locale.ROOT, "Best: epoch %d, %s on %s data%n", best.epoch(), best.evaluation(), evalSplit);
        }
        if (save != null) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("preset", p.name());
            info.put("epochs_trained", result.epochs().size());
            info.put("mini_batch_size", or(miniBatchSize, p.miniBatchSize()));
            info.put("eta", or(eta, p.eta()));
            info.put("lambda", or(lmbda, p.lmbda()));
            info.put("l1", or(l1, p.l1()));
            info.put("momentum", or(momentum, p.momentum()));
            info.put("dropout", or(dropout, p.dropout()));
            info.put("expand", or(expand, p.expand()));
            info.put("init", initializer.id());
            info.put("seed", seed);
            Evaluation finalEval = result.last().evaluation();
            if (finalEval != null) {
                info.put("evaluation_split", evalSplit);
                info.put("evaluation_correct", finalEval.correct());
                info.put("evaluation_total", finalEval.total());
            }
            ModelFile.save(network, info, save);
            System.out.println("Saved the network to " + save);
        }
    }

    private static String describe(Activation hidden, Activation out, int[] sizes) {
        return sizes.length > 2 ? hidden.id() + " hidden, " + out.id() + " output" : out.id() + " output";
    }

    private static void printEpoch(EpochResult r, Set<Monitor> monitors) {
        StringBuilder line = new StringBuilder();
        if (r.evaluation() != null) {
            line.append(String.format(Locale.ROOT, "Epoch %d: %d / %d", r.epoch(), r.evaluation().correct(), r.evaluation().total()));
        } else {
            line.append(String.format(Locale.ROOT, "Epoch %d complete", r.epoch()));
        }
        line.append(String.format(Locale.ROOT, " (%.2f s)", r.trainSeconds()));
        System.out.println(line);
        if (monitors.contains(Monitor.TRAINING_COST)) {
            System.out.printf(Locale.ROOT, "  Cost on training data: %.6f%n", r.training().cost());
        }
        if (monitors.contains(Monitor.TRAINING_ACCURACY)) {
            System.out.printf(Locale.ROOT, "  Accuracy on training data: %d / %d%n", r.training().correct(), r.training().total());
        }
        if (monitors.contains(Monitor.EVALUATION_COST) && r.evaluation() != null) {
            System.out.printf(Locale.ROOT, "  Cost on evaluation data: %.6f%n", r.evaluation().cost());
        }
    }

    private static Map<String, Object> metricsOf(EpochResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("train_seconds", r.trainSeconds());
        m.put("eta", r.eta());
        if (r.evaluation() != null) {
            m.put("evaluation_correct", r.evaluation().correct());
            m.put("evaluation_total", r.evaluation().total());
            m.put("evaluation_cost", r.evaluation().cost());
        }
        if (r.training() != null) {
            m.put("training_correct", r.training().correct());
            m.put("training_total", r.training().total());
            m.put("training_cost", r.training().cost());
        }
        return m;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rewrites the whole metrics file atomically, so it is complete after every epoch. */
    private void writeMetrics(List<Map<String, Object>> metrics) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> m : metrics) {
            try {
                text.append(JSON.writeValueAsString(m)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        AtomicFile.writeString(metricsOut, text.toString());
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}

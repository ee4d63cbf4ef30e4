package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
import nndl.io.AtomicFile;
import nndl.run.RunFolder;
import nndl.train.Checkpoint;
import nndl.train.CheckpointWriter;
import nndl.train.EpochResult;
import nndl.train.TrainingListener;
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
    @Option(names = "--save-best", paramLabel = "FILE",
            description = "Save the network of the best epoch, by accuracy on the validation data, as JSON.")
    Path saveBest;
    @Option(names = "--run", paramLabel = "DIR",
            description = "Keep the run in a folder: settings, data fingerprint, metrics, networks, and a checkpoint after every epoch.")
    Path run;
    @Option(names = "--resume", paramLabel = "DIR",
            description = "Go on with the run in DIR from its last checkpoint (--epochs may raise its epochs).")
    Path resume;
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
        if (resume != null) {
            resume();
            return;
        }
        Map<String, Object> file = config != null ? Settings.readFile(config) : Map.of();
        String presetName = preset != null ? preset : String.valueOf(file.getOrDefault("preset", "ch1"));
        Settings settings = settings(presetName, file);
        check(settings);
        RunFolder folder = run != null ? RunFolder.create(run, settings, presetName, data.folder(), Main.VERSION) : null;
        train(settings, presetName, data.folder(), folder, null);
    }

    /** train --resume DIR: the run goes on from its last complete checkpoint; only --epochs may change it. */
    private void resume() {
        UserException.require(run == null, "give --run or --resume, not both: --resume goes on with the run in its folder");
        UserException.require(preset == null && config == null, (preset != null ? "--preset" : "--config")
                + " cannot change a run that goes on: its settings are in " + resume.resolve(RunFolder.SETTINGS));
        RunFolder folder = RunFolder.open(resume);
        Checkpoint from = null;
        Settings recorded;
        if (folder.hasCheckpoint()) {
            from = folder.checkpoint();
            recorded = from.settings();
        } else {
            // Stopped before its first checkpoint: nothing was trained, the run starts again from its settings.
            UserException.require(folder.metrics().isEmpty(), "run folder " + resume + " has lost its checkpoint"
                    + " (its metrics record epochs): it cannot go on; start the run again in a new folder");
            recorded = folder.settings();
        }
        Settings settings = options(recorded);
        for (String name : recorded.differences(settings)) {
            UserException.require(name.equals("epochs"), "--" + name + " would change the run in " + resume + " (its " + name
                    + " is " + recorded.toMap().get(name) + "): only --epochs may change when a run goes on");
        }
        if (from != null) {
            UserException.require(settings.epochs() >= from.epochsDone(), "--epochs: the run in " + resume + " has done "
                    + from.epochsDone() + " epochs already; give --epochs " + from.epochsDone() + " or more");
        }
        check(settings);
        Path dataFolder = data.data != null ? data.data : folder.dataFolder();
        folder.checkData(dataFolder);
        if (settings.epochs() != recorded.epochs()) {
            folder.writeSettings(settings);
        }
        train(settings, folder.preset(), dataFolder, folder, from);
    }

    private void check(Settings settings) {
        TrainingChecks.check(settings.sizes(), settings.miniBatchSize(), settings.momentum() > 0, settings.dropout() > 0,
                settings.earlyStop() > 0 || keepsBest(), save != null || keepsBest(), save, metricsOut, plot);
        if (saveBest != null) {
            AtomicFile.checkWritable(saveBest, "--save-best");
        }
    }

    /** Whether the best epoch's network is kept: in a run folder, or for --save-best (decided on validation data). */
    private boolean keepsBest() {
        return run != null || resume != null || saveBest != null;
    }

    /**
     * Trains (from the start, or on from a checkpoint), reporting as it goes, recording in the run
     * folder (may be null), and saving what was asked for.
     */
    private void train(Settings settings, String presetName, Path dataFolder, RunFolder folder, Checkpoint from) {
        Set<Monitor> monitors = settings.monitors();
        Network network = from != null ? from.network() : settings.network();
        Sgd sgd = settings.sgd().threads(threads.count());

        long loadStart = System.nanoTime();
        Mnist mnist = Mnist.load(dataFolder);
        Dataset training = settings.trainingData(mnist.training());
        Dataset evaluation = settings.evaluationData(mnist);
        String split = settings.evaluation().id();
        // The validation data steers (the schedule, early stopping and the network kept), never the test data.
        boolean steered = settings.schedule() > 0 || settings.earlyStop() > 0;
        Dataset validation = settings.evaluation() == Split.VALIDATION ? evaluation
                : steered || keepsBest() ? mnist.validation() : null;
        network.requireFits(training);
        int images = settings.imagesPerEpoch(training);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Training %s on %d images (%s cost, %s), evaluating on %d %s images; data loaded in %.2f s%n",
                Arrays.toString(network.sizes()), images, network.cost().id(), describe(network),
                evaluation.size(), split, (System.nanoTime() - loadStart) / 1e9);
        boolean validationBeside = validation != null && validation != evaluation;
        if (validationBeside && !steered) {
            out.printf(Locale.ROOT, "The best network is chosen on the %d validation images; the %s images are only reported%n",
                    validation.size(), split);
        } else if (validationBeside) {
            out.printf(Locale.ROOT, "The %s %s the %d validation images; the %s images are only reported%n",
                    settings.earlyStop() > 0 && settings.schedule() > 0 ? "schedule and early stopping"
                            : settings.schedule() > 0 ? "schedule" : "early stopping",
                    settings.earlyStop() > 0 && settings.schedule() > 0 ? "watch" : "watches", validation.size(), split);
        }

        String plotSubtitle = String.format(Locale.ROOT, "%s, %s cost, %,d training images, \u03b7 = %s, \u03bb = %s",
                Arrays.toString(network.sizes()), network.cost().id(), images, settings.eta(), settings.lambda());
        TrainingReport report = new TrainingReport(out, monitors, Progress.onTerminal(out, images), metricsOut,
                plot, split, plotSubtitle, validationBeside);
        if (from != null) {
            out.printf(Locale.ROOT, "Going on from the checkpoint of %s after epoch %d (%d of %d epochs done)%n",
                    folder.dir(), from.epochsDone() - 1, from.epochsDone(), settings.epochs());
            report.resumeFrom(from.history());
            folder.writeMetrics(from);
        }
        Recorder recorder = new Recorder(folder, from);
        TrainingListener listener = TrainingListener.all(
                new Divergence(report, network.outputs(), settings.eta(), from != null ? from.history() : List.of()), recorder);
        TrainingResult result;
        try (recorder) {
            result = from != null ? sgd.resume(from, network, training, validation, evaluation, listener)
                    : sgd.train(network, training, validation, evaluation, listener);
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
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("preset", presetName);
        info.put("settings", settings.toMap());
        info.put("evaluation", split);
        info.put("epochs_trained", result.epochs().size());
        Checkpoint last = recorder.last();
        if (folder != null) {
            folder.writeNetworks(last, info);
            out.println("The run is in " + folder.dir() + " (" + RunFolder.NETWORK
                    + (java.nio.file.Files.exists(folder.dir().resolve(RunFolder.BEST_NETWORK)) ? ", " + RunFolder.BEST_NETWORK : "")
                    + ", " + RunFolder.METRICS + ")");
        }
        if (save != null) {
            save(network, info, result.kept(), split, save, "the network");
        }
        if (saveBest != null) {
            save(last.bestNetwork(), info, result.epochs().get(last.bestEpoch()), split, saveBest, "the best network");
        }
        if (save == null && saveBest == null && folder == null) {
            out.println("The network was not kept: run again with --save model.json to keep it, then read your own digits"
                    + " with ./nndl predict --model model.json IMAGE or ./nndl serve --model model.json");
        }
    }

    /** Saves a network with what it scored, and says which epoch's it is. */
    private void save(Network network, Map<String, Object> info, EpochResult epoch, String split, Path file, String what) {
        Map<String, Object> m = new LinkedHashMap<>(info);
        m.put("epoch", epoch.epoch());
        Evaluation kept = epoch.evaluation();
        if (kept != null) {
            m.put("evaluation_correct", kept.correct());
            m.put("evaluation_total", kept.total());
        }
        ModelFile.save(network, m, file);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Saved %s, of epoch %d%s, to %s%n", what, epoch.epoch(),
                // (nothing beside the evaluation when the evaluation data is the validation data)
                (epoch.validation() != null && !split.equals("validation") ? ", " + epoch.validation() + " on validation data" : "")
                        + (kept != null ? ", " + kept + " on " + split + " data" : ""), file);
    }

    /**
     * Hears the checkpoints: keeps the last (for the networks saved at the end) and, with a run
     * folder, writes each on the writer's thread and, on Ctrl-C or SIGTERM, waits for the last
     * one to be on the disk and says how to go on ({@link Interruption}).
     */
    private final class Recorder implements TrainingListener, AutoCloseable {
        private final CheckpointWriter writer;
        private final Interruption interruption;
        private volatile Checkpoint last;

        Recorder(RunFolder folder, Checkpoint from) {
            last = from;
            writer = folder != null ? folder.checkpointWriter() : null;
            interruption = folder != null ? new Interruption(spec.commandLine().getErr(), writer, folder.dir(),
                    from != null ? from.epochsDone() : 0) : null;
        }

        @Override
        public void epochDone(EpochResult result) {
        }

        @Override
        public void checkpoint(Checkpoint checkpoint) {
            last = checkpoint;
            if (writer != null && !interruption.started()) {
                try {
                    writer.write(checkpoint);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // interrupted between the check and the hand-over: the hook is finishing the last write
                }
            }
        }

        Checkpoint last() {
            return last;
        }

        @Override
        public void close() {
            if (writer != null) {
                interruption.close();
                writer.close();
            }
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
        return options(inFile(() -> base.with(fromFile)));
    }

    /** The settings with each option given on the command line in place. */
    Settings options(Settings s) {
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

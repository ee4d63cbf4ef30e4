package nndl.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.data.Mnist;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;

/**
 * Everything that decides a training run and what it measures: the network (sizes, cost,
 * neurons, initialization), the book's hyperparameters (epochs, mini-batch size m, learning
 * rate η, L2 λ, L1 λ, momentum μ, dropout p, the schedule's and early stopping's patience), the
 * data (evaluation split, expansion, how many training images) and the seed. Not the thread
 * count, which changes no result.
 *
 * <p>Immutable, and checked once, when made: a Settings that exists is a run that can start.
 * Change one setting by its name with {@link #with(String, String)} (the names the command line
 * uses: {@code eta}, {@code lambda}, {@code hidden}, ...), several at once with
 * {@link #toBuilder()}; {@link #toMap()} and {@link #fromMap} give the JSON form kept in model
 * files, run folders and settings files.
 *
 * <pre>{@code
 * Settings s = Settings.DEFAULT.with("hidden", "100").with("eta", "0.5");
 * Network net = s.network();
 * TrainingResult r = s.sgd().train(net, s.trainingData(mnist.training()), s.evaluation().of(mnist), null);
 * }</pre>
 *
 * @param sizes         neurons per layer, input first
 * @param trainSize     how many of the training images to use, from the first; 0 = all
 * @param hidden        the hidden neurons' activation (unused without hidden layers)
 * @param schedule      halve η after this many epochs without improvement (0 = off)
 * @param earlyStop     stop after this many epochs without improvement (0 = off)
 * @param expand        the kinds of expansion of the training images, in order (empty = none)
 * @param monitors      what to measure after each epoch besides the evaluation accuracy
 */
public record Settings(int[] sizes, int epochs, int miniBatchSize, double eta, Cost cost, Activation hidden,
                       Activation output, Initializer init, double lambda, double l1, double momentum, double dropout,
                       int schedule, int earlyStop, Split evaluation, List<Expansion.Kind> expand, int trainSize,
                       long seed, Set<Monitor> monitors) {

    /** The version of {@link #toMap()}'s form; a map of a later version is refused. */
    public static final int VERSION = 1;

    /** The book's chapter-1 run, the default of {@code nndl train}: [784,30,10] sigmoid, quadratic cost, η 3.0, 30 epochs of m = 10. */
    public static final Settings DEFAULT = new Settings(new int[] {784, 30, 10}, 30, 10, 3.0, Cost.QUADRATIC,
            Activation.SIGMOID, Activation.SIGMOID, Initializer.DEFAULT, 0, 0, 0, 0, 0, 0, Split.TEST, List.of(), 0, 1,
            Set.of());

    /** The setting names {@link #with(String, String)} knows, in the order maps apply them (a preset first, the cost before the output). */
    public static final List<String> NAMES = List.of("preset", "sizes", "hidden", "epochs", "mini-batch-size", "eta",
            "cost", "activation", "output", "init", "lambda", "l1", "momentum", "dropout", "schedule", "early-stop",
            "eval", "expand", "train-size", "seed", "monitor");

    /** Other names the command line has for some settings. */
    private static final Map<String, String> ALIASES = Map.of("batch-size", "mini-batch-size", "l2", "lambda");

    /** A setting's own name for one of its other names ({@code l2} is {@code lambda}); any other name as it is. */
    public static String canonicalName(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** Checks every setting, and that the neurons and cost go together. */
    public Settings {
        sizes = sizes.clone();
        Network.checkSizes(sizes);
        UserException.require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        UserException.require(miniBatchSize >= 1, "the mini-batch size must be at least 1, got " + miniBatchSize);
        UserException.require(eta > 0 && Double.isFinite(eta), "the learning rate eta must be positive, got " + eta);
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(hidden, "hidden");
        Objects.requireNonNull(init, "init");
        requireOutput(output);
        Network.checkCombination(hidden, output, cost);
        UserException.require(lambda >= 0 && Double.isFinite(lambda),
                "the L2 regularization parameter lambda must be 0 or more, got " + lambda);
        UserException.require(l1 >= 0 && Double.isFinite(l1), "the L1 regularization parameter must be 0 or more, got " + l1);
        UserException.require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        UserException.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        UserException.require(schedule >= 0, "the schedule's patience must be 0 (off) or more epochs, got " + schedule);
        UserException.require(earlyStop >= 0, "early stopping's patience must be 0 (off) or more epochs, got " + earlyStop);
        Objects.requireNonNull(evaluation, "evaluation");
        expand = List.copyOf(expand);
        UserException.require(expand.stream().distinct().count() == expand.size(), "each kind of expansion may be listed once");
        UserException.require(trainSize >= 0, "the training-set size must be at least 1 (or 0 for all), got " + trainSize);
        monitors = Collections.unmodifiableSet(monitors.isEmpty() ? EnumSet.noneOf(Monitor.class) : EnumSet.copyOf(monitors));
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** The network these settings train, its weights and biases drawn from the seed. */
    public Network network() {
        return new Network(sizes, hidden, output, cost).initialize(init, new Random(seed));
    }

    /** Stochastic gradient descent with these settings (on all the machine's cores: see {@link Sgd#threads}). */
    public Sgd sgd() {
        return new Sgd(this);
    }

    /**
     * The training images this run uses: the first {@code trainSize} (all if 0), as they are;
     * {@link Sgd} expands them as {@link #expand()} says.
     */
    public Dataset trainingData(Dataset training) {
        return trainSize > 0 ? training.first(trainSize) : training;
    }

    /** How many images an epoch trains on: each of these images and its variants. */
    public int imagesPerEpoch(Dataset images) {
        return Math.multiplyExact(images.size(), Expansion.variants(expand));
    }

    /** The names of the settings (as in {@link #toMap()}) whose values differ between these and other. */
    public List<String> differences(Settings other) {
        Map<String, Object> mine = toMap();
        Map<String, Object> theirs = other.toMap();
        return mine.keySet().stream().filter(k -> !Objects.equals(mine.get(k), theirs.get(k))).toList();
    }

    /** The data each epoch is evaluated on. */
    public Dataset evaluationData(Mnist mnist) {
        return evaluation.of(mnist);
    }

    // ---- by name ----

    /**
     * These settings with one changed, named as on the command line: {@code preset} (all
     * settings of that preset), {@code sizes} ("784,30,10"), {@code hidden} (the hidden layers'
     * sizes: "100", "100,30" or "none"), {@code epochs}, {@code mini-batch-size}, {@code eta},
     * {@code cost}, {@code activation}, {@code output}, {@code init}, {@code lambda}, {@code l1},
     * {@code momentum}, {@code dropout}, {@code schedule}, {@code early-stop}, {@code eval},
     * {@code expand} ("none" or "shift,elastic"), {@code train-size} (a number or "all"),
     * {@code seed}, {@code monitor} ("training-cost,evaluation-accuracy"). Choosing the
     * log-likelihood cost also chooses the softmax output it needs.
     *
     * @throws UserException for an unknown name, a value that does not parse, or settings that do not go together
     */
    public Settings with(String name, String value) {
        Objects.requireNonNull(value, name);
        String v = value.trim();
        Builder b = toBuilder();
        switch (canonicalName(name)) {
            case "preset" -> {
                return Preset.named(v).settings();
            }
            case "sizes" -> b.sizes(integers(name, v));
            case "hidden" -> b.hidden(v.equalsIgnoreCase("none") || v.isEmpty() ? new int[0] : integers(name, v));
            case "epochs" -> b.epochs(integer(name, v));
            case "mini-batch-size" -> b.miniBatchSize(integer(name, v));
            case "eta" -> b.eta(number(name, v));
            case "cost" -> b.cost(Cost.parse(v));
            case "activation" -> b.hidden(Activation.parse(v));
            case "output" -> b.output(parseOutput(v));
            case "init" -> b.init(Initializer.parse(v));
            case "lambda" -> b.lambda(number(name, v));
            case "l1" -> b.l1(number(name, v));
            case "momentum" -> b.momentum(number(name, v));
            case "dropout" -> b.dropout(number(name, v));
            case "schedule" -> b.schedule(integer(name, v));
            case "early-stop" -> b.earlyStop(integer(name, v));
            case "eval" -> b.evaluation(Split.parse(v));
            case "expand" -> b.expand(Expansion.kinds(v));
            case "train-size" -> {
                int n = v.equalsIgnoreCase("all") ? 0 : integer(name, v);
                UserException.require(n >= 1 || v.equalsIgnoreCase("all"),
                        "the training-set size must be at least 1 (or all), got " + v);
                b.trainSize(n);
            }
            case "seed" -> b.seed(wholeNumber(name, v));
            case "monitor" -> b.monitors(Monitor.parse(v));
            default -> throw new UserException("unknown setting '" + name + "': use one of " + String.join(", ", NAMES));
        }
        return b.build();
    }

    /**
     * These settings with those of a map changed ({@link #fromMap}'s form, or any part of it:
     * values are numbers, strings or lists), applied in the order of {@link #NAMES}, so that a
     * preset comes first and the cost before the output. A "version" entry later than
     * {@link #VERSION} is refused.
     */
    public Settings with(Map<String, ?> map) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String name = canonicalName(e.getKey());
            UserException.require(name.equals("version") || NAMES.contains(name),
                    "unknown setting '" + e.getKey() + "': use one of " + String.join(", ", NAMES));
            UserException.require(!byName.containsKey(name), "the setting " + name + " is given twice");
            byName.put(name, e.getValue());
        }
        Object version = byName.get("version");
        if (version != null) {
            UserException.require(version instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1,
                    "the settings' version must be a whole number, got " + version);
            UserException.require(((Number) version).intValue() <= VERSION, "these settings are of version " + version
                    + ", from a newer nndl (this one reads version " + VERSION + "): use that nndl or a newer one");
        }
        Settings s = this;
        for (String name : NAMES) {
            if (byName.containsKey(name)) {
                s = s.with(name, text(name, byName.get(name)));
            }
        }
        return s;
    }

    /** The settings in a map (the default's for any left out): {@link #DEFAULT} with the map's changes. */
    public static Settings fromMap(Map<String, ?> map) {
        return DEFAULT.with(map);
    }

    /**
     * The settings by name, for JSON: "version" first, then every setting in the order of
     * {@link #NAMES} (without "preset" and "hidden", which {@code sizes} covers). Lists are
     * JSON lists, names are the command line's, and "train-size" is null for all the images.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("sizes", Arrays.stream(sizes).boxed().toList());
        m.put("epochs", epochs);
        m.put("mini-batch-size", miniBatchSize);
        m.put("eta", eta);
        m.put("cost", cost.id());
        m.put("activation", hidden.id());
        m.put("output", output.id());
        m.put("init", init.id());
        m.put("lambda", lambda);
        m.put("l1", l1);
        m.put("momentum", momentum);
        m.put("dropout", dropout);
        m.put("schedule", schedule);
        m.put("early-stop", earlyStop);
        m.put("eval", evaluation.id());
        m.put("expand", expand.stream().map(Expansion.Kind::id).toList());
        m.put("train-size", trainSize == 0 ? null : trainSize);
        m.put("seed", seed);
        m.put("monitor", monitors.stream().map(Monitor::id).toList());
        return m;
    }

    /**
     * A settings file: a JSON object of settings by name, any part of {@link #toMap()}'s form
     * (e.g. {@code {"preset": "ch3-l2", "eta": 0.25}}), as a map for {@link #with(Map)}.
     */
    public static Map<String, Object> readFile(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new UserException("settings file " + file + " does not exist: give a JSON file of settings by name");
        } catch (JsonProcessingException e) {
            throw new UserException("settings file " + file + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + "): give an object of settings by name, such as {\"eta\": 0.5}");
        } catch (IOException e) {
            throw new UserException("cannot read settings file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new UserException("settings file " + file + " is not a JSON object of settings by name, such as {\"eta\": 0.5}");
        }
        return Json.MAPPER.convertValue(root,
                Json.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    }

    /** A map value as the text {@link #with(String, String)} takes: lists joined by commas, null as "all" or "none". */
    private static String text(String key, Object value) {
        if (value == null) {
            return key.equals("train-size") ? "all" : "none";
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Map<?, ?>) {
            throw new UserException("the setting '" + key + "' must be a number, a name or a list, not an object");
        }
        return String.valueOf(value);
    }

    private static int integer(String name, String v) {
        long n = wholeNumber(name, v);
        UserException.require(n == (int) n, "the setting " + name + " is too large: " + v);
        return (int) n;
    }

    private static long wholeNumber(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            // JSON may give a whole number as 30.0
            double d = number(name, v);
            UserException.require(d == Math.rint(d) && Math.abs(d) < 0x1p53,
                    "the setting " + name + " must be a whole number, not '" + v + "'");
            return (long) d;
        }
    }

    private static double number(String name, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UserException("the setting " + name + " must be a number, not '" + v + "'");
        }
    }

    private static int[] integers(String name, String v) {
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = integer(name, parts[i].trim());
        }
        return out;
    }

    private static Activation parseOutput(String name) {
        Activation a;
        try {
            a = Activation.parse(name);
        } catch (UserException e) {
            throw new UserException("unknown output layer '" + name + "': use sigmoid or softmax");
        }
        requireOutput(a);
        return a;
    }

    private static void requireOutput(Activation a) {
        UserException.require(a == Activation.SIGMOID || a == Activation.SOFTMAX,
                "unknown output layer '" + (a == null ? null : a.id()) + "': use sigmoid or softmax");
    }

    // ---- a record with an array ----

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && Arrays.equals(sizes, s.sizes) && epochs == s.epochs
                && miniBatchSize == s.miniBatchSize && Double.compare(eta, s.eta) == 0 && cost == s.cost
                && hidden == s.hidden && output == s.output && init == s.init && Double.compare(lambda, s.lambda) == 0
                && Double.compare(l1, s.l1) == 0 && Double.compare(momentum, s.momentum) == 0
                && Double.compare(dropout, s.dropout) == 0 && schedule == s.schedule && earlyStop == s.earlyStop
                && evaluation == s.evaluation && expand.equals(s.expand) && trainSize == s.trainSize && seed == s.seed
                && monitors.equals(s.monitors);
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    /** A builder holding these settings, to change several at once with typed values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings being changed: typed setters, checked all together by {@link #build()}. */
    public static final class Builder {
        private int[] sizes;
        private int epochs;
        private int miniBatchSize;
        private double eta;
        private Cost cost;
        private Activation hidden;
        private Activation output;
        private Initializer init;
        private double lambda;
        private double l1;
        private double momentum;
        private double dropout;
        private int schedule;
        private int earlyStop;
        private Split evaluation;
        private List<Expansion.Kind> expand;
        private int trainSize;
        private long seed;
        private Set<Monitor> monitors;

        private Builder(Settings s) {
            sizes = s.sizes;
            epochs = s.epochs;
            miniBatchSize = s.miniBatchSize;
            eta = s.eta;
            cost = s.cost;
            hidden = s.hidden;
            output = s.output;
            init = s.init;
            lambda = s.lambda;
            l1 = s.l1;
            momentum = s.momentum;
            dropout = s.dropout;
            schedule = s.schedule;
            earlyStop = s.earlyStop;
            evaluation = s.evaluation;
            expand = s.expand;
            trainSize = s.trainSize;
            seed = s.seed;
            monitors = s.monitors;
        }

        public Settings build() {
            return new Settings(sizes, epochs, miniBatchSize, eta, cost, hidden, output, init, lambda, l1, momentum,
                    dropout, schedule, earlyStop, evaluation, expand, trainSize, seed, monitors);
        }

        public Builder sizes(int... value) {
            sizes = value.clone();
            return this;
        }

        /** The hidden layers' sizes, keeping the input and output layers. */
        public Builder hidden(int... value) {
            int[] s = new int[value.length + 2];
            s[0] = sizes[0];
            System.arraycopy(value, 0, s, 1, value.length);
            s[s.length - 1] = sizes[sizes.length - 1];
            sizes = s;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder miniBatchSize(int value) {
            miniBatchSize = value;
            return this;
        }

        public Builder eta(double value) {
            eta = value;
            return this;
        }

        /** The cost; the log-likelihood cost brings the softmax output it needs. */
        public Builder cost(Cost value) {
            cost = value;
            if (value == Cost.LOG_LIKELIHOOD) {
                output = Activation.SOFTMAX;
            }
            return this;
        }

        /** The hidden neurons. */
        public Builder hidden(Activation value) {
            hidden = value;
            return this;
        }

        public Builder output(Activation value) {
            output = value;
            return this;
        }

        public Builder init(Initializer value) {
            init = value;
            return this;
        }

        public Builder lambda(double value) {
            lambda = value;
            return this;
        }

        public Builder l1(double value) {
            l1 = value;
            return this;
        }

        public Builder momentum(double value) {
            momentum = value;
            return this;
        }

        public Builder dropout(double value) {
            dropout = value;
            return this;
        }

        public Builder schedule(int value) {
            schedule = value;
            return this;
        }

        public Builder earlyStop(int value) {
            earlyStop = value;
            return this;
        }

        public Builder evaluation(Split value) {
            evaluation = value;
            return this;
        }

        public Builder expand(List<Expansion.Kind> value) {
            expand = value;
            return this;
        }

        /** How many training images, from the first (0 = all). */
        public Builder trainSize(int value) {
            trainSize = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder monitors(Set<Monitor> value) {
            monitors = value;
            return this;
        }
    }
}

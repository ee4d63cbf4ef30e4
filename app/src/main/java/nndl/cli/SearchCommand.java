package nndl.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.IntFunction;
import java.util.concurrent.Callable;
import nndl.UserException;
import nndl.data.Mnist;
import nndl.search.Engine;
import nndl.search.BookRecipe;
import nndl.search.EngineProvider;
import nndl.search.LocalEngine;
import nndl.search.Parameter;
import nndl.search.Search;
import nndl.search.SearchFolder;
import nndl.search.SearchPlan;
import nndl.search.SearchSpace;
import nndl.search.SuccessiveHalving;
import nndl.search.TrainingSetup;
import nndl.search.Trial;
import nndl.search.TrialJob;
import nndl.search.TrialRecord;
import nndl.search.SettingsOptions;
import nndl.train.Preset;
import nndl.train.Settings;
import nndl.viz.PictureFile;
import nndl.viz.SearchPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search train options for the best validation accuracy: a grid, random trials, or successive halving,"
                + " on this machine's cores or on a Spark cluster. Every trial is scored on validation data only.",
                "Example: ./nndl search --preset ch3-l2 --strategy random --trials 12 eta=0.01..10:log lambda=0..10 hidden=30,100"})
final class SearchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME=VALUES", arity = "0..*",
            description = "A train option and its values: a list (hidden=30,100,300, cost=cross-entropy,log-likelihood), or a"
                    + " range on a linear or log scale (lambda=0..10, eta=0.01..10:log). One value fixes the option for every trial.")
    List<String> space = new ArrayList<>();
    @Option(names = "--preset", paramLabel = "NAME", description = "The settings every trial starts from (default ch1).")
    String preset;
    @Option(names = "--config", paramLabel = "FILE",
            description = "Start from a settings file (a JSON object of settings by name, such as a search's best.json) instead of a preset.")
    Path config;
    @Mixin
    DataOptions data;
    @Option(names = "--strategy", paramLabel = "NAME",
            description = "grid (every combination), random (--trials N drawn at random) or halving (successive halving of --trials N"
                    + " random trials, or of the grid). Default: random with --trials, else grid.")
    String strategy;
    @Option(names = "--trials", paramLabel = "N", description = "Trials drawn at random (random and halving).")
    Integer trials;
    @Option(names = "--points", paramLabel = "N", description = "Values per range in a grid, even on its scale (default 3).")
    int points = 3;
    @Option(names = "--min-epochs", paramLabel = "N", description = "Halving: the fewest epochs a trial starts with (default 1).")
    int minEpochs = 1;
    @Option(names = "--search-seed", paramLabel = "N", description = "Seed for drawing random trials (default 1); each trial trains with the settings' own seed.")
    long searchSeed = 1;
    @Option(names = "--engine", paramLabel = "NAME", description = "local (default: trials in parallel on this machine's cores) or spark.")
    String engine = "local";
    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[N] or spark://HOST:PORT (default: spark-submit's, else local[*]).")
    String master;
    @Option(names = "--parallel", paramLabel = "N", description = "Local engine: trials at once (default: all cores), each on one kernel thread.")
    Integer parallel;
    @Option(names = "--out", paramLabel = "DIR", description = "The search folder: trial records and best.json (default searches/search-TIME).")
    Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Go on with the search in DIR, keeping its finished trials.")
    Path resume;
    @Option(names = "--plot", paramLabel = "FILE", description = "Draw validation accuracy against each searched parameter to FILE.png or FILE.svg.")
    Path plot;
    @Option(names = "--book", description = "Chapter 3's broad strategy as a recipe: the eta threshold on a reduced problem, half"
            + " of it, then lambda by factors of ten, then the schedule, each step saying what it chose and why.")
    boolean book;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (plot != null) {
            PictureFile.formatOf(plot);
        }
        UserException.require(engine.equals("local") || engine.equals("spark"), "unknown engine '" + engine + "': use local or spark");
        UserException.require(master == null || engine.equals("spark"), "--master is for --engine spark");
        EngineProvider spark = engine.equals("spark") ? sparkProvider() : null;
        if (engine.equals("spark") && spark == null) {
            return SparkLaunch.relaunch(spec.commandLine().getParseResult().originalArgs());
        }
        if (book) {
            return book(spark);
        }
        SearchFolder folder = resume != null ? resumed() : created();
        SearchPlan plan = folder.plan();
        SearchSpace parsedSpace = SearchSpace.parse(plan.space(), new SettingsOptions(Settings.fromMap(plan.base())));

        Mnist mnist = Mnist.withoutTest(data.folder()); // a search never reads the test set
        TrainingSetup setup = new TrainingSetup(plan.base(), mnist.training(), mnist.validation(), false);
        List<String> columns = new ArrayList<>();
        for (Parameter p : parsedSpace.parameters()) {
            columns.add(p.name());
        }
        List<TrialRecord> earlier = folder.records();
        out().printf(Locale.ROOT, "Search: %s, %d trials of %s, %d epochs in full; scored on %,d validation images; folder %s%n",
                describePlan(plan), plan.trials().size(), words(plan.base()), plan.epochs(), mnist.validation().size(), folder.dir());
        if (!earlier.isEmpty()) {
            out().println("Resuming: " + earlier.size() + " finished jobs kept");
        }
        TrialTable table = new TrialTable(out(), columns);
        List<TrialRecord> records;
        // Each trial's checkpoint is kept in its folder, and a promoted trial goes on from it (on Spark, it travels with the job).
        try (Engine e = engine(spark, setup, folder::checkpoint)) {
            out().println("Engine: " + e.describe());
            table.header();
            long start = System.nanoTime();
            List<TrialRecord> soFar = new ArrayList<>(earlier);
            records = Search.run(plan.newStrategy(), e, earlier, new Search.Listener() {
                TrialRecord best = Search.best(soFar, plan.epochs());

                @Override
                public void finished(TrialRecord record) {
                    folder.save(record);
                    soFar.add(record);
                    TrialRecord now = Search.best(soFar, plan.epochs());
                    boolean better = now != best;
                    best = now;
                    if (better) {
                        folder.writeJson(SearchFolder.BEST, bestSettings(plan, best));
                    }
                    table.row(record, better);
                }
            });
            double minutes = (System.nanoTime() - start) / 60e9;
            long newEpochs = Search.epochsSpent(records) - Search.epochsSpent(earlier);
            if (newEpochs > 0) {
                out().printf(Locale.ROOT, "%d trial-epochs in %.2f min: %.1f trial-epochs per minute%n", newEpochs, minutes,
                        newEpochs / minutes);
            }
        }
        report(plan, folder, records, parsedSpace);
        return 0;
    }

    private void report(SearchPlan plan, SearchFolder folder, List<TrialRecord> records, SearchSpace parsedSpace) {
        long spent = Search.epochsSpent(records);
        if (plan.strategy().equals("halving")) {
            long grid = (long) plan.trials().size() * plan.epochs();
            out().printf(Locale.ROOT, "Epochs spent: %d, against %d for all %d trials at %d epochs (%.0f%%)%n", spent, grid,
                    plan.trials().size(), plan.epochs(), 100.0 * spent / grid);
        }
        TrialRecord best = Search.best(records, plan.epochs());
        if (best == null) {
            throw new UserException("no trial finished (every one failed: see the table): try smaller eta values");
        }
        Path bestFile = folder.dir().resolve(SearchFolder.BEST);
        folder.writeJson(SearchFolder.BEST, bestSettings(plan, best));
        out().printf(Locale.ROOT, "Best: trial %d (%s), %d / %d (%.2f%%) on validation data after %d epochs%n", best.trial(),
                new Trial(best.trial(), best.values()).describe(), best.score(), best.validationTotal(), 100 * best.accuracy(),
                best.epochsTrained());
        out().println("Its settings: " + bestFile + " (./nndl train --config " + bestFile + " trains it)");
        if (plot != null) {
            SearchPlot picture = new SearchPlot(parsedSpace.parameters(), records);
            PictureFile.write(plot, picture);
            out().println("Plot: " + plot);
        }
    }

    /** The settings file of a trial: the base settings with the trial's values and epochs, for train --config. */
    static Map<String, Object> bestSettings(SearchPlan plan, TrialRecord record) {
        Map<String, Object> changes = new LinkedHashMap<>(record.values());
        changes.put("epochs", record.epochs());
        return Settings.fromMap(plan.base()).with(changes).toMap();
    }

    /** The book's recipe: its steps printed as they go, its choice written as DIR/best.json. */
    private int book(EngineProvider spark) {
        UserException.require(resume == null, "--book cannot be resumed: its steps are short; run it again");
        List<String> varied = new ArrayList<>();
        Settings base = base(varied);
        UserException.require(varied.isEmpty(), "--book chooses eta, lambda and the schedule itself: give the other settings"
                + " one value each (not " + String.join(" ", varied) + ")");
        Path dir = out != null ? out : defaultFolder("book");
        Mnist mnist = Mnist.withoutTest(data.folder()); // a search never reads the test set
        TrainingSetup setup = new TrainingSetup(base.toMap(), mnist.training(), mnist.validation(), true);
        BookRecipe.Result result;
        try (Engine e = engine(spark, setup, null)) {
            out().println("The book's recipe for " + words(base.toMap()) + ", " + base.epochs() + " epochs; engine: " + e.describe());
            result = new BookRecipe(base, e, out()::println).run();
        }
        Map<String, Object> chosen = new LinkedHashMap<>(result.chosen());
        Path file = dir.resolve(SearchFolder.BEST);
        new SearchFolder(dir).writeJson(SearchFolder.BEST, base.with(chosen).toMap());
        out().println("Its settings: " + file + " (./nndl train --config " + file + " trains it)");
        return 0;
    }

    /** Where the command prints: the command line's writer (standard output, or a test's). */
    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The engine that runs the trials, keeping each trial's checkpoint in {@code checkpoints} (null: none kept). */
    private Engine engine(EngineProvider spark, TrainingSetup setup, IntFunction<Path> checkpoints) {
        return spark != null ? spark.open(masterUrl(), setup, checkpoints)
                : new LocalEngine(checkpoints != null ? setup.trainer(checkpoints) : setup.trainer(),
                        parallel != null ? parallel : LocalEngine.cores());
    }

    private static Path defaultFolder(String kind) {
        return Path.of("searches", kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * The settings every trial starts from: the preset's or the settings file's, with each option
     * of the space given one value; the words with more values go to {@code varied}.
     */
    private Settings base(List<String> varied) {
        UserException.require(preset == null || config == null, "give --preset or --config, not both");
        Settings base = config != null ? inFile(() -> Settings.fromMap(Settings.readFile(config)))
                : Preset.named(preset != null ? preset : "ch1").settings();
        for (String word : space) {
            Parameter p = SearchSpace.parse(List.of(word), new SettingsOptions(base)).parameters().get(0);
            if (p instanceof Parameter.Choice c && c.values().size() == 1) {
                base = base.with(p.name(), c.values().get(0));
            } else {
                varied.add(word);
            }
        }
        return base;
    }

    private SearchFolder created() {
        List<String> varied = new ArrayList<>();
        Settings base = base(varied);
        SearchSpace parsed = SearchSpace.parse(varied, new SettingsOptions(base));
        UserException.require(!parsed.parameters().isEmpty(), "give the search space: one or more NAME=VALUES with more than"
                + " one value, e.g. eta=0.01..10:log lambda=0..10 (see ./nndl search --help)");
        String how = strategy != null ? strategy : trials != null ? "random" : "grid";
        UserException.require(SearchPlan.STRATEGIES.contains(how), "unknown strategy '" + how + "': use grid, random or halving");
        UserException.require(!how.equals("random") || trials != null, "--strategy random needs --trials N");
        UserException.require(!how.equals("grid") || trials == null, "--trials is for random and halving: a grid runs every combination");
        UserException.require(!how.equals("halving") || parsed.parameter("epochs") == null,
                "halving decides each trial's epochs: give one value (epochs=N, the full budget), not several");
        int epochs = base.epochs();
        if (how.equals("halving")) {
            SuccessiveHalving.rungs(epochs, minEpochs);
        }
        List<Trial> drawn = trials != null ? parsed.sample(trials, searchSeed) : parsed.grid(points);
        SearchPlan plan = new SearchPlan(SearchPlan.FORMAT, base.toMap(), varied, how, points, minEpochs, searchSeed, epochs, drawn);
        return SearchFolder.create(out != null ? out : defaultFolder("search"), plan);
    }

    private SearchFolder resumed() {
        var parse = spec.commandLine().getParseResult();
        for (String changes : List.of("--preset", "--config", "--strategy", "--trials", "--points", "--min-epochs", "--search-seed", "--out")) {
            UserException.require(!parse.hasMatchedOption(changes), changes + " cannot be given with --resume: a resumed search"
                    + " goes on as it was started (start a new one with --out to change it)");
        }
        UserException.require(space.isEmpty(), "a search space cannot be given with --resume: a resumed search keeps its own");
        return SearchFolder.open(resume);
    }

    private static String describePlan(SearchPlan plan) {
        return switch (plan.strategy()) {
            case "halving" -> "successive halving (rungs of " + java.util.Arrays.toString(
                    SuccessiveHalving.rungs(plan.epochs(), plan.minEpochs())) + " epochs, the best third promoted)";
            default -> plan.strategy();
        };
    }

    /** The base settings in a few words: "[784, 30, 10] quadratic, eta 3.0, lambda 0.0, m 10". */
    private static String words(Map<String, Object> map) {
        Settings s = Settings.fromMap(map);
        return String.format(Locale.ROOT, "%s %s cost, %s hidden, eta %s, lambda %s, mini-batch %d%s%s",
                java.util.Arrays.toString(s.sizes()), s.cost().id(), s.hidden().id(), s.eta(), s.lambda(), s.miniBatchSize(),
                s.trainSize() > 0 ? ", " + s.trainSize() + " training images" : "",
                s.expand().isEmpty() ? "" : ", expanded " + s.expand().stream().map(k -> k.id()).toList());
    }

    /** A problem with the settings file names it. */
    private Settings inFile(java.util.function.Supplier<Settings> apply) {
        try {
            return apply.get();
        } catch (UserException e) {
            throw new UserException("settings file " + config + ": " + e.getMessage(), e);
        }
    }

    private String masterUrl() {
        if (master != null) {
            return master;
        }
        return System.getProperty("spark.master", "local[*]");
    }

    /** The Spark engine when the spark module is on the class path (in the JVM SparkLaunch starts, or under spark-submit). */
    private static EngineProvider sparkProvider() {
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p.name().equals("spark")) {
                return p;
            }
        }
        return null;
    }
}

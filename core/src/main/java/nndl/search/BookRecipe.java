package nndl.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import nndl.train.Settings;

/**
 * Chapter 3's broad strategy for choosing hyperparameters, as a recipe a search runs:
 * <ol>
 * <li>the η threshold on a reduced problem: the largest η (by factors of ten from 0.01, then 2×
 * and 5× the last good one) at which the training cost falls in each of the first epochs,
 * without regularization; take half of it, as the book advises;</li>
 * <li>λ by factors of ten, from 0.1, 1 and 10, on the full problem with that η, going on up or
 * down while the best on validation data is at the end of the values tried;</li>
 * <li>the schedule: a constant η against halving it after 10 or 5 epochs without improvement
 * on validation data (the book's "no-improvement-in-ten" rule and a more eager one).</li>
 * </ol>
 * Each step's trials run on the search's engine, side by side; each step says what it tried,
 * what it chose and why. The training cost is watched on the training images; every other
 * choice is made on validation data.
 */
public final class BookRecipe {
    /** The reduced problem of step 1: this many training images, this many epochs. */
    public static final int REDUCED_IMAGES = 5_000;
    public static final int THRESHOLD_EPOCHS = 3;
    private static final int MAX_WIDENINGS = 3;

    private final Settings base;
    private final Engine engine;
    private final Consumer<String> say;
    private final List<TrialRecord> all = new ArrayList<>();

    /**
     * @param base   the settings the recipe starts from (the full problem)
     * @param engine runs the trials; its trainer must watch the training cost
     * @param say    hears each line of the recipe's account
     */
    public BookRecipe(Settings base, Engine engine, Consumer<String> say) {
        this.base = base;
        this.engine = engine;
        this.say = say;
    }

    /** What the recipe chose, the record of its last choice, and every job it ran. */
    public record Result(Map<String, String> chosen, TrialRecord best, List<TrialRecord> records) {
    }

    public Result run() {
        String eta = etaStep();
        String lambda = lambdaStep(eta);
        TrialRecord best = scheduleStep(eta, lambda);
        say.accept(String.format(Locale.ROOT, "The recipe's choice: %s, %.2f%% on validation data after %d epochs",
                new Trial(0, best.values()).describe(), 100 * best.accuracy(), best.epochsTrained()));
        return new Result(best.values(), best, List.copyOf(all));
    }

    // ---- step 1: the η threshold ----

    private String etaStep() {
        int images = base.trainSize() > 0 ? Math.min(base.trainSize(), REDUCED_IMAGES) : REDUCED_IMAGES;
        say.accept(String.format(Locale.ROOT, "Step 1, the eta threshold, on a reduced problem (the first %,d training images,"
                + " %d epochs, lambda 0, no schedule): the largest eta at which the training cost falls in each epoch", images,
                THRESHOLD_EPOCHS));
        Map<String, String> reduced = new LinkedHashMap<>();
        reduced.put("train-size", Integer.toString(images));
        reduced.put("epochs", Integer.toString(THRESHOLD_EPOCHS));
        reduced.put("lambda", "0");
        reduced.put("l1", "0");
        reduced.put("schedule", "0");
        reduced.put("early-stop", "0");
        List<Double> ladder = new ArrayList<>(List.of(0.01, 0.1, 1.0, 10.0, 100.0, 1000.0));
        List<TrialRecord> tried = runEtas(reduced, ladder);
        for (int widen = 0; !falls(tried.get(0)) && widen < MAX_WIDENINGS; widen++) {
            double lowest = Double.parseDouble(tried.get(0).values().get("eta"));
            say.accept("  the cost does not fall even at eta " + number(lowest) + ": trying a tenth of it");
            tried.addAll(0, runEtas(reduced, List.of(lowest / 10)));
        }
        TrialRecord threshold = lastFalling(tried);
        if (threshold == null) {
            say.accept("  => no eta tried made the training cost fall: keeping the base's eta " + number(base.eta()));
            return number(base.eta());
        }
        double t = Double.parseDouble(threshold.values().get("eta"));
        if (threshold != tried.get(tried.size() - 1)) {
            List<TrialRecord> refined = new ArrayList<>(List.of(threshold));
            refined.addAll(runEtas(reduced, List.of(2 * t, 5 * t)));
            threshold = lastFalling(refined);
            t = Double.parseDouble(threshold.values().get("eta"));
            say.accept("  => threshold " + number(t) + ": the largest eta tried at which the cost fell in every epoch"
                    + (refined.indexOf(threshold) < refined.size() - 1 ? " (it did not at " + refined.get(refined.indexOf(threshold) + 1)
                    .values().get("eta") + ")" : ""));
        } else {
            say.accept("  => threshold " + number(t) + " or more: the cost still fell at the largest eta tried");
        }
        String eta = number(t / 2);
        say.accept("  => eta = " + eta + ", half the threshold, as the book advises (a smaller eta than the threshold learns"
                + " more steadily over many epochs)");
        return eta;
    }

    private List<TrialRecord> runEtas(Map<String, String> reduced, List<Double> etas) {
        List<Map<String, String>> trials = new ArrayList<>();
        for (double eta : etas) {
            Map<String, String> values = new LinkedHashMap<>(reduced);
            values.put("eta", number(eta));
            trials.add(values);
        }
        List<TrialRecord> records = runAll(trials, THRESHOLD_EPOCHS);
        for (TrialRecord r : records) {
            say.accept(String.format(Locale.ROOT, "  eta=%-8s %s", r.values().get("eta"), costs(r)));
        }
        return records;
    }

    /** Whether the training cost fell in every epoch, from before the first. */
    static boolean falls(TrialRecord r) {
        if (!r.finished() || r.trainingCostBefore() == null || r.trainingCost().isEmpty()) {
            return false;
        }
        double previous = r.trainingCostBefore();
        for (double c : r.trainingCost()) {
            if (!(c < previous)) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** The last of a run of falling records from the first (by increasing η), or null if the first does not fall. */
    private static TrialRecord lastFalling(List<TrialRecord> byEta) {
        TrialRecord last = null;
        for (TrialRecord r : byEta) {
            if (!falls(r)) {
                break;
            }
            last = r;
        }
        return last;
    }

    private static String costs(TrialRecord r) {
        if (!r.finished()) {
            return "failed: " + r.note();
        }
        StringBuilder s = new StringBuilder("training cost " + String.format(Locale.ROOT, "%.4f", r.trainingCostBefore()));
        for (double c : r.trainingCost()) {
            s.append(String.format(Locale.ROOT, " -> %.4f", c));
        }
        return s.append(falls(r) ? ": falls" : ": does not fall").toString();
    }

    // ---- step 2: λ by factors of ten ----

    private String lambdaStep(String eta) {
        say.accept(String.format(Locale.ROOT, "Step 2, lambda by factors of ten, with eta %s on the full problem (%s, %d epochs)",
                eta, base.trainSize() > 0 ? String.format(Locale.ROOT, "%,d training images", base.trainSize()) : "all training images",
                base.epochs()));
        List<TrialRecord> tried = runLambdas(eta, List.of(0.1, 1.0, 10.0));
        for (int widen = 0; widen < MAX_WIDENINGS; widen++) {
            TrialRecord best = tried.stream().min(TrialRecord.BEST_FIRST).orElseThrow();
            int at = tried.indexOf(best);
            double lambda = Double.parseDouble(best.values().get("lambda"));
            if (at == tried.size() - 1) {
                say.accept("  the best is the largest lambda tried: trying ten times more");
                tried.addAll(runLambdas(eta, List.of(10 * lambda)));
            } else if (at == 0) {
                say.accept("  the best is the smallest lambda tried: trying a tenth of it");
                tried.addAll(0, runLambdas(eta, List.of(lambda / 10)));
            } else {
                break;
            }
        }
        TrialRecord best = tried.stream().min(TrialRecord.BEST_FIRST).orElseThrow();
        int at = tried.indexOf(best);
        say.accept(String.format(Locale.ROOT, "  => lambda = %s: the best on validation data (%.2f%%)%s", best.values().get("lambda"),
                100 * best.accuracy(), at > 0 && at < tried.size() - 1 ? ", better than a tenth of it and ten times it"
                        : ", at the end of the range tried " + MAX_WIDENINGS + " times wider"));
        return best.values().get("lambda");
    }

    private List<TrialRecord> runLambdas(String eta, List<Double> lambdas) {
        List<Map<String, String>> trials = new ArrayList<>();
        for (double lambda : lambdas) {
            trials.add(new LinkedHashMap<>(Map.of("eta", eta, "lambda", number(lambda))));
        }
        List<TrialRecord> records = runAll(trials, base.epochs());
        for (TrialRecord r : records) {
            say.accept(String.format(Locale.ROOT, "  lambda=%-8s %s", r.values().get("lambda"), validation(r)));
        }
        return records;
    }

    // ---- step 3: the schedule ----

    private TrialRecord scheduleStep(String eta, String lambda) {
        say.accept("Step 3, the schedule: a constant eta, or eta halved after 10 or 5 epochs without improvement on"
                + " validation data (stopping at eta/128)");
        List<Map<String, String>> trials = new ArrayList<>();
        for (String patience : List.of("0", "10", "5")) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("eta", eta);
            values.put("lambda", lambda);
            values.put("schedule", patience);
            trials.add(values);
        }
        List<TrialRecord> records = runAll(trials, base.epochs());
        for (TrialRecord r : records) {
            String s = r.values().get("schedule");
            say.accept(String.format(Locale.ROOT, "  %-24s %s", s.equals("0") ? "constant eta" : "halved after " + s + " epochs",
                    validation(r)));
        }
        TrialRecord best = records.stream().min(TrialRecord.BEST_FIRST).orElseThrow();
        say.accept("  => schedule " + best.values().get("schedule") + ": the best on validation data"
                + (best == records.get(0) ? " (a constant eta does as well as any schedule tried, and is simpler)" : ""));
        return best;
    }

    // ---- shared ----

    private List<TrialRecord> runAll(List<Map<String, String>> values, int epochs) {
        List<Trial> trials = new ArrayList<>();
        for (Map<String, String> v : values) {
            trials.add(new Trial(trials.size(), v));
        }
        List<TrialRecord> records = new ArrayList<>(Search.run(new FixedTrials(trials, epochs), engine, List.of(),
                new Search.Listener() { }));
        records.sort(Comparator.comparingInt(TrialRecord::trial));
        all.addAll(records);
        return records;
    }

    private static String validation(TrialRecord r) {
        return r.finished() ? String.format(Locale.ROOT, "%.2f%% on validation data (%s)", 100 * r.accuracy(), r.note())
                : "failed: " + r.note();
    }

    private static String number(double x) {
        return Parameter.threeFigures(x);
    }
}

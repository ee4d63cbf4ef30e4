package nndl.search;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nndl.UserException;
import nndl.train.Settings;

/**
 * The train options a search varies, each with the values it may take, parsed from
 * {@code NAME=VALUES} words: {@code hidden=30,100,300}, {@code eta=0.01..10:log},
 * {@code lambda=0..10}, {@code cost=cross-entropy,log-likelihood}; values that hold commas
 * themselves are listed with semicolons: {@code hidden=30;100,30} is one hidden layer of 30
 * neurons, or two of 100 and 30; {@code expand=none;shift;shift,elastic}.
 */
public final class SearchSpace implements Serializable {
    /** The most trials a grid may hold: more is a mistake in the space, not a search anyone waits for. */
    public static final int MAX_TRIALS = 10_000;
    private static final String EXAMPLE = "write NAME=VALUES, e.g. eta=0.01..10:log, lambda=0..10 or hidden=30,100,300";

    private final List<Parameter> parameters;

    public SearchSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** Parses the words of a search space, checking every name and value against the options. */
    public static SearchSpace parse(List<String> words, SearchableOptions options) {
        List<Parameter> parameters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String word : words) {
            Parameter p = parse(word, options);
            UserException.require(names.add(p.name()), p.name() + " is given twice in the search space: give it once");
            parameters.add(p);
        }
        return new SearchSpace(parameters);
    }

    static Parameter parse(String word, SearchableOptions options) {
        int eq = word.indexOf('=');
        UserException.require(eq > 0 && eq < word.length() - 1, "malformed search parameter '" + word + "': " + EXAMPLE);
        String name = Settings.canonicalName(word.substring(0, eq).trim()); // l2=... and lambda=... are one setting
        String values = word.substring(eq + 1).trim();
        ValueKind kind = options.kind(name);
        if (values.contains("..")) {
            return range(word, name, values, kind, options);
        }
        // Values that hold commas themselves (several hidden layers: 100,30) are listed with ';'.
        boolean semicolons = values.contains(";");
        List<String> list = new ArrayList<>();
        for (String v : values.split(semicolons ? ";" : ",", -1)) {
            String value = String.join(",", v.trim().split("\\s*,\\s*", -1));
            UserException.require(!value.isEmpty(), "malformed search parameter '" + word + "': an empty value in the list; " + EXAMPLE);
            UserException.require(!list.contains(value), value + " is listed twice for " + name + " in '" + word + "': list each value once");
            if (kind != ValueKind.WORD) {
                for (String part : value.split(",", -1)) {
                    number(word, part.trim());
                }
            }
            options.check(name, value);
            list.add(value);
        }
        return new Parameter.Choice(name, list);
    }

    private static Parameter range(String word, String name, String values, ValueKind kind, SearchableOptions options) {
        UserException.require(kind != ValueKind.WORD, name + " takes names, not a range: list them, as in "
                + name + "=A,B (from '" + word + "')");
        Scale scale = Scale.LINEAR;
        String bounds = values;
        int colon = values.lastIndexOf(':');
        if (colon >= 0) {
            String s = values.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            UserException.require(s.equals("log") || s.equals("linear"), "unknown scale '" + s + "' in '" + word
                    + "': use :log or :linear (the default), as in eta=0.01..10:log");
            scale = s.equals("log") ? Scale.LOG : Scale.LINEAR;
            bounds = values.substring(0, colon);
        }
        String[] ends = bounds.split("\\.\\.", -1);
        UserException.require(ends.length == 2 && !ends[0].isBlank() && !ends[1].isBlank(),
                "malformed range in '" + word + "': write LOW..HIGH, e.g. eta=0.01..10:log");
        double low = number(word, ends[0].trim());
        double high = number(word, ends[1].trim());
        UserException.require(low != high, "empty range " + ends[0].trim() + ".." + ends[1].trim() + " for " + name
                + ": give a low end below the high end, or one value (" + name + "=" + ends[0].trim() + ")");
        UserException.require(low < high, "reversed range " + ends[0].trim() + ".." + ends[1].trim() + " for " + name
                + ": write the low end first (" + name + "=" + ends[1].trim() + ".." + ends[0].trim() + ")");
        UserException.require(scale == Scale.LINEAR || low > 0, "a log range needs a positive low end: '" + word
                + "' starts at " + ends[0].trim() + " (drop :log, or start above 0)");
        boolean integer = kind == ValueKind.INTEGER;
        if (integer) {
            UserException.require(Math.round(low) != Math.round(high), "the range in '" + word
                    + "' holds one whole number: give a wider range or one value");
        }
        Parameter.Range range = new Parameter.Range(name, low, high, scale, integer);
        for (String end : range.grid(2)) {
            options.check(name, end);
        }
        return range;
    }

    private static double number(String word, String text) {
        try {
            double x = Double.parseDouble(text);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UserException("'" + text + "' in '" + word + "' is not a number: " + EXAMPLE);
    }

    /** How many trials a full grid holds with {@code points} values per range. */
    public long gridSize(int points) {
        long n = 1;
        for (Parameter p : parameters) {
            n = Math.multiplyExact(n, p.grid(points).size());
            if (n > MAX_TRIALS) {
                return n;
            }
        }
        return n;
    }

    /** Every combination of values, the first parameter varying slowest; a range gives {@code points} values. */
    public List<Trial> grid(int points) {
        UserException.require(points >= 2, "--points must be at least 2, got " + points);
        long size = gridSize(points);
        UserException.require(size <= MAX_TRIALS, "the grid holds " + (size > MAX_TRIALS ? "more than " + MAX_TRIALS : size)
                + " trials, too many: use fewer values or --strategy random --trials N");
        List<Map<String, String>> combos = List.of(new LinkedHashMap<>());
        for (Parameter p : parameters) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String value : p.grid(points)) {
                    Map<String, String> m = new LinkedHashMap<>(combo);
                    m.put(p.name(), value);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Trial> trials = new ArrayList<>();
        for (Map<String, String> combo : combos) {
            trials.add(new Trial(trials.size(), combo));
        }
        return trials;
    }

    /**
     * n different trials drawn at random (reproducibly for the seed): each parameter drawn on its
     * own, a list's values equally likely, a range's uniformly on its scale.
     */
    public List<Trial> sample(int n, long seed) {
        UserException.require(n >= 1, "--trials must be at least 1, got " + n);
        UserException.require(n <= MAX_TRIALS, "--trials " + n + " is too many: at most " + MAX_TRIALS);
        boolean finite = parameters.stream().allMatch(p -> p instanceof Parameter.Choice);
        long distinct = finite ? gridSize(2) : Long.MAX_VALUE;
        UserException.require(distinct >= n, "the space holds only " + distinct + " different trials: ask for --trials "
                + distinct + " or fewer, or use --strategy grid");
        Random random = new Random(seed);
        Set<Map<String, String>> seen = new HashSet<>();
        List<Trial> trials = new ArrayList<>();
        for (long draws = 0; trials.size() < n; draws++) {
            UserException.require(draws < 1000L * n, "could not draw " + n + " different trials from the space:"
                    + " widen its ranges or ask for fewer --trials");
            Map<String, String> values = new LinkedHashMap<>();
            for (Parameter p : parameters) {
                values.put(p.name(), p.sample(random));
            }
            if (seen.add(values)) {
                trials.add(new Trial(trials.size(), values));
            }
        }
        return trials;
    }

    /** The parameter named {@code name}, or null. */
    public Parameter parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}

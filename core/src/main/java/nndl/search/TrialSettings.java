package nndl.search;

import java.util.LinkedHashMap;
import java.util.Map;
import nndl.UserException;
import nndl.train.Preset;

/**
 * Until typed settings land: the base settings as a map by train option name, a trial's values
 * put in it, and the preset that trains them. (To be replaced by Settings.with.)
 */
public final class TrialSettings {
    static final Map<String, ValueKind> KINDS = new LinkedHashMap<>();

    static {
        for (String n : new String[] {"hidden", "epochs", "batch-size", "schedule", "early-stop", "seed", "train-size"}) {
            KINDS.put(n, ValueKind.INTEGER);
        }
        for (String n : new String[] {"eta", "lambda", "l1", "momentum", "dropout"}) {
            KINDS.put(n, ValueKind.NUMBER);
        }
        for (String n : new String[] {"cost", "activation", "output", "init", "expand"}) {
            KINDS.put(n, ValueKind.WORD);
        }
    }

    private TrialSettings() {
    }

    public static final SearchableOptions OPTIONS = new SearchableOptions() {
        @Override
        public ValueKind kind(String name) {
            ValueKind k = KINDS.get(name);
            UserException.require(k != null, "unknown option '" + name + "' in the search space: use one of "
                    + String.join(", ", KINDS.keySet()));
            return k;
        }

        @Override
        public void check(String name, String value) {
            Map<String, Object> base = new LinkedHashMap<>(Preset.CH1.settings());
            base.put(name, value);
            preset(base).network(1);
            preset(base).sgd();
        }
    };

    /** The epochs the settings train for. */
    public static int epochs(Map<String, Object> m) {
        return preset(m).epochs();
    }

    static Preset preset(Map<String, Object> m) {
        Preset p = Preset.named(String.valueOf(m.getOrDefault("preset", "ch1")));
        int[] sizes = p.sizes();
        if (m.containsKey("hidden")) {
            int h = Integer.parseInt(String.valueOf(m.get("hidden")));
            for (int i = 1; i < sizes.length - 1; i++) {
                sizes[i] = h;
            }
        }
        String cost = str(m, "cost", p.cost());
        String output = m.containsKey("output") ? str(m, "output", p.output())
                : cost.equals("log-likelihood") ? "softmax" : p.output();
        return new Preset(p.name(), p.description(), p.bookFigure(), sizes, integer(m, "epochs", p.epochs()),
                integer(m, "batch-size", p.miniBatchSize()), number(m, "eta", p.eta()), cost, str(m, "activation", p.activation()),
                output, str(m, "init", p.init()), number(m, "lambda", p.lmbda()), number(m, "l1", p.l1()),
                number(m, "momentum", p.momentum()), number(m, "dropout", p.dropout()), integer(m, "schedule", p.schedule()),
                integer(m, "early-stop", p.earlyStop()), "validation", str(m, "expand", p.expand()));
    }

    private static String str(Map<String, Object> m, String k, String d) {
        return m.containsKey(k) ? String.valueOf(m.get(k)) : d;
    }

    private static int integer(Map<String, Object> m, String k, int d) {
        return m.containsKey(k) ? Integer.parseInt(String.valueOf(m.get(k))) : d;
    }

    private static double number(Map<String, Object> m, String k, double d) {
        return m.containsKey(k) ? Double.parseDouble(String.valueOf(m.get(k))) : d;
    }
}

package nndl.search;

import java.util.LinkedHashMap;
import java.util.Map;
import nndl.UserException;
import nndl.train.Settings;

/**
 * The train settings a search may vary (by their {@link Settings} names), each value checked by
 * putting it into the search's base settings, so that {@code cost=cubic}, or a cost the base's
 * output layer cannot have, is refused before any trial runs.
 */
public final class SettingsOptions implements SearchableOptions {
    private static final Map<String, ValueKind> KINDS = new LinkedHashMap<>();

    static {
        for (String n : new String[] {"eta", "lambda", "l2", "l1", "momentum", "dropout"}) {
            KINDS.put(n, ValueKind.NUMBER);
        }
        for (String n : new String[] {"hidden", "epochs", "mini-batch-size", "batch-size", "schedule", "early-stop",
            "train-size", "seed"}) {
            KINDS.put(n, ValueKind.INTEGER);
        }
        for (String n : new String[] {"cost", "activation", "output", "init", "expand"}) {
            KINDS.put(n, ValueKind.WORD);
        }
    }

    private final Settings base;

    public SettingsOptions(Settings base) {
        this.base = base;
    }

    @Override
    public ValueKind kind(String name) {
        ValueKind kind = KINDS.get(name);
        if (kind == null) {
            String why = switch (name) {
                case "eval" -> ": a search scores every trial on the validation data";
                case "sizes" -> ": search hidden (the hidden layers' sizes) instead";
                default -> "";
            };
            throw new UserException("unknown option '" + name + "' in the search space" + why + "; search any of "
                    + String.join(", ", KINDS.keySet()));
        }
        return kind;
    }

    @Override
    public void check(String name, String value) {
        base.with(name, value);
    }
}

package nndl.train;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import nndl.UserException;

/** What to measure after each epoch besides the evaluation accuracy: network2.py's four monitor switches. */
public enum Monitor {
    TRAINING_COST, TRAINING_ACCURACY, EVALUATION_COST, EVALUATION_ACCURACY;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "training-cost,evaluation-accuracy" → the set of those monitors; "" → none. */
    public static Set<Monitor> parse(String list) {
        Set<Monitor> set = EnumSet.noneOf(Monitor.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            Monitor found = null;
            for (Monitor m : values()) {
                if (m.id().equals(name.toLowerCase(Locale.ROOT))) {
                    found = m;
                }
            }
            if (found == null) {
                throw new UserException("unknown monitor '" + name + "': use training-cost, training-accuracy, "
                        + "evaluation-cost or evaluation-accuracy, separated by commas");
            }
            set.add(found);
        }
        return set;
    }
}

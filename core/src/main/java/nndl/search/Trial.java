package nndl.search;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a search space: trial number {@code id} (from 0) and the value it gives each
 * searched train option, by name, in the space's order. The rest of its settings are the
 * search's base settings.
 */
public record Trial(int id, Map<String, String> values) implements Serializable {
    public Trial {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** "eta=0.1 lambda=5". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return s.toString();
    }
}

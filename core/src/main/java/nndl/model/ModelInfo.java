package nndl.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "nndl" block of a model file: how the network was trained (the settings, the seed, the
 * epochs, the last evaluation), for people and for serve's page. Checked whatever its keys are,
 * by the kinds of values a settings map holds: names, finite numbers, short strings, booleans, and
 * lists or maps of them a few levels deep; the counts nndl writes must be whole numbers, the
 * evaluation no more correct than its total.
 */
public final class ModelInfo {
    private static final int MAX_DEPTH = 3;
    private static final int MAX_ENTRIES = 1000;
    private static final int MAX_TEXT = 1000;
    private static final String[] COUNTS = {"seed", "epochs_trained", "evaluation_correct", "evaluation_total"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelInfo() {
    }

    /** The block as a map (empty when there is none), or a {@link ModelReader.Bad} naming the field that is wrong. */
    public static Map<String, Object> check(JsonNode block) {
        if (block == null || block.isNull()) {
            return Map.of();
        }
        if (!block.isObject()) {
            throw new ModelReader.Bad("\"nndl\" must be an object of settings, not " + block.getNodeType().toString().toLowerCase());
        }
        checkValue("nndl", block, 0);
        for (String count : COUNTS) {
            JsonNode n = block.get(count);
            if (n != null && !(n.isIntegralNumber() && n.canConvertToLong() && (count.equals("seed") || n.asLong() >= 0))) {
                throw new ModelReader.Bad("nndl." + count + " must be a whole number" + (count.equals("seed") ? "" : " of 0 or more"));
            }
        }
        JsonNode correct = block.get("evaluation_correct");
        JsonNode total = block.get("evaluation_total");
        if (correct != null && total != null && correct.asLong() > total.asLong()) {
            throw new ModelReader.Bad("nndl.evaluation_correct is more than nndl.evaluation_total");
        }
        Map<String, Object> info = new LinkedHashMap<>();
        block.fields().forEachRemaining(e -> info.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        return info;
    }

    private static void checkValue(String path, JsonNode v, int depth) {
        if (v.isNumber()) {
            require(Double.isFinite(v.asDouble()), path + " must be a finite number");
        } else if (v.isTextual()) {
            require(v.asText().length() <= MAX_TEXT, path + " is longer than " + MAX_TEXT + " characters");
        } else if (v.isContainerNode()) {
            require(depth < MAX_DEPTH, path + " nests deeper than " + MAX_DEPTH + " levels");
            require(v.size() <= MAX_ENTRIES, path + " has more than " + MAX_ENTRIES + " entries");
            if (v.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    require(!e.getKey().isBlank() && e.getKey().length() <= 100, path + " has a name that is empty or over 100 characters");
                    checkValue(path + "." + e.getKey(), e.getValue(), depth + 1);
                }
            } else {
                for (int i = 0; i < v.size(); i++) {
                    checkValue(path + "[" + i + "]", v.get(i), depth + 1);
                }
            }
        } else {
            require(v.isBoolean() || v.isNull(), path + " holds a value that is not a setting");
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new ModelReader.Bad(problem);
        }
    }
}

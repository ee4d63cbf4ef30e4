package nndl.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model files made to hurt a reader that trusts them, each small (a huge file is made by lowering
 * the limit instead, in the test), with the line that refuses it. Written by {@link #main} to a
 * folder for measuring outside the tests.
 */
public final class CraftedModels {
    /** A valid [2,3,1] model as network2.py writes it, for the crafted ones to be made from. */
    static final String VALID = ModelFileTest.NETWORK2_JSON;

    private CraftedModels() {
    }

    /** Each crafted model's JSON by name, with a part of the message that must refuse it. */
    public static Map<String, String[]> all() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("sizes-784-1000000000-10", new String[] {VALID.replace("[2, 3, 1]", "[784, 1000000000, 10]"),
            "call for 795,000,000,010 weights and biases, more than the 25,000,000 nndl loads"});
        m.put("sizes-784-300000-10", new String[] {VALID.replace("[2, 3, 1]", "[784, 300000, 10]"),
            "call for 238,500,010 weights and biases, more than the 25,000,000"});
        m.put("sizes-overflowing-a-long", new String[] {VALID.replace("[2, 3, 1]", "[2147483647, 2147483647, 2147483647, 2147483647, 2147483647]"),
            "call for more than 2^63 weights and biases"});
        m.put("sizes-784-30000-10-in-a-small-file", new String[] {VALID.replace("[2, 3, 1]", "[784, 30000, 10]"),
            "call for 23,850,010 weights and biases, more than its 178 bytes can hold"});
        m.put("sizes-beyond-an-int", new String[] {VALID.replace("[2, 3, 1]", "[2, 3000000000, 1]"),
            "sizes must be positive whole numbers below 2^31"});
        m.put("sizes-zero", new String[] {VALID.replace("[2, 3, 1]", "[2, 0, 1]"), "sizes must be positive whole numbers"});
        m.put("nested-100000-deep", new String[] {VALID.replace("}", ", \"extra\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}"),
            "its JSON goes past nndl's limits: Document nesting depth (33) exceeds the maximum allowed (32)"});
        m.put("number-of-2000-digits", new String[] {VALID.replace("0.1, -0.2", "0." + "1".repeat(2000) + ", -0.2"),
            "its JSON goes past nndl's limits: Number value length"});
        m.put("nndl-block-a-string", new String[] {VALID.replace("}", ", \"nndl\": \"x\"}"), "\"nndl\" must be an object of settings"});
        m.put("nndl-block-correct-over-total", new String[] {VALID.replace("}", ", \"nndl\": {\"evaluation_correct\": 11, \"evaluation_total\": 10}}"),
            "nndl.evaluation_correct is more than nndl.evaluation_total"});
        m.put("nndl-block-count-not-whole", new String[] {VALID.replace("}", ", \"nndl\": {\"epochs_trained\": \"many\"}}"),
            "nndl.epochs_trained must be a whole number of 0 or more"});
        m.put("nndl-block-too-deep", new String[] {VALID.replace("}", ", \"nndl\": {\"a\": {\"b\": {\"c\": {\"d\": 1}}}}}"),
            "nndl.a.b.c nests deeper than 3 levels"});
        m.put("nndl-block-nan", new String[] {VALID.replace("}", ", \"nndl\": {\"eta\": NaN}}"), "nndl.eta must be a finite number"});
        m.put("weight-1e39", new String[] {VALID.replace("0.1, -0.2", "1e39, -0.2"),
            "one of the weights is 1e39, which is not a finite 32-bit float"});
        m.put("weight-nan", new String[] {VALID.replace("0.1, -0.2", "NaN, -0.2"), "one of the weights is NaN"});
        m.put("bias-infinity", new String[] {VALID.replace("[-0.04]", "[-Infinity]"), "one of the biases is -Infinity"});
        m.put("weight-a-string", new String[] {VALID.replace("0.1, -0.2", "\"0.1\", -0.2"), "a value of the weights is not a number: \"0.1\""});
        m.put("more-weights-than-sizes", new String[] {VALID.replace("[[0.7, -0.8, 0.9]]", "[[0.7, -0.8, 0.9], [0.7, -0.8, 0.9]]"),
            "holds more weights and biases than its sizes [2, 3, 1] call for"});
        m.put("no-weights", new String[] {VALID.replaceAll("\"weights\": \\[\\[\\[.*\\]\\]\\], \"biases\"", "\"biases\""), "it has no \"weights\""});
        m.put("a-list", new String[] {"[1, 2, 3]", "it is not a JSON object"});
        m.put("cost-a-number", new String[] {VALID.replace("\"CrossEntropyCost\"", "7"), "\"cost\" must be a string"});
        return m;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, String[]> model : all().entrySet()) {
            Files.writeString(dir.resolve(model.getKey() + ".json"), model.getValue()[0]);
        }
    }
}

package nndl.web;

import java.util.Map;
import nndl.UserException;

/** A request's query parameters read as numbers: a bad one is a 400 with one line naming it. */
final class Query {
    private Query() {
    }

    /** Parameter {@code name} as a number, or {@code otherwise} when it is not given. */
    static double number(Map<String, String> query, String name, double otherwise) {
        String v = query.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            double d = Double.parseDouble(v);
            UserException.require(Double.isFinite(d), name + " must be a finite number, not '" + v + "'");
            return d;
        } catch (NumberFormatException e) {
            throw new UserException(name + " must be a number, not '" + v + "'");
        }
    }

    /** Parameter {@code name} as a whole number from low to high, or {@code otherwise} when it is not given. */
    static int integer(Map<String, String> query, String name, int otherwise, int low, int high) {
        double v = number(query, name, otherwise);
        UserException.require(v == Math.rint(v) && v >= low && v <= high,
                name + " must be a whole number from " + low + " to " + high + ", got " + query.get(name));
        return (int) v;
    }
}

package nndl.search;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One searched train option and the values it may take: a list ({@code hidden=30,100,300},
 * {@code cost=cross-entropy,log-likelihood}) or a range on a linear or log scale
 * ({@code lambda=0..10}, {@code eta=0.01..10:log}).
 */
public sealed interface Parameter extends Serializable {
    /** The train option's name, as in {@code nndl train --NAME}. */
    String name();

    /** {@code points} values spread over the parameter for a grid (a list gives all its values). */
    List<String> grid(int points);

    /** One value drawn at random: a list's values equally likely, a range's uniform on its scale. */
    String sample(Random random);

    /** A list of values, each the text a train option takes. */
    record Choice(String name, List<String> values) implements Parameter {
        public Choice {
            values = List.copyOf(values);
        }

        @Override
        public List<String> grid(int points) {
            return values;
        }

        @Override
        public String sample(Random random) {
            return values.get(random.nextInt(values.size()));
        }
    }

    /**
     * A range [low, high] on a scale. Its values are rounded to three significant figures
     * (to whole numbers for an integer option), so that the value a trial shows is the value
     * it trained with.
     */
    record Range(String name, double low, double high, Scale scale, boolean integer) implements Parameter {
        @Override
        public List<String> grid(int points) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                String v = value(scale.at(low, high, points == 1 ? 0.5 : (double) i / (points - 1)));
                if (!values.contains(v)) {
                    values.add(v);
                }
            }
            return values;
        }

        @Override
        public String sample(Random random) {
            return value(scale.at(low, high, random.nextDouble()));
        }

        private String value(double x) {
            if (integer) {
                return Long.toString(Math.round(x));
            }
            return threeFigures(x);
        }
    }

    /** A value as a setting takes it, to three significant figures: 0.01, 2.5, 1000. */
    static String threeFigures(double x) {
        return BigDecimal.valueOf(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}

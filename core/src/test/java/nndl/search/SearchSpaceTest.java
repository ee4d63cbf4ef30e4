package nndl.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nndl.UserException;
import nndl.train.Settings;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    /** A few options of each kind, with cost's values and momentum's bound checked as train checks them. */
    static final SearchableOptions OPTIONS = new SearchableOptions() {
        @Override
        public ValueKind kind(String name) {
            return switch (name) {
                case "eta", "lambda", "momentum" -> ValueKind.NUMBER;
                case "hidden", "epochs" -> ValueKind.INTEGER;
                case "cost" -> ValueKind.WORD;
                default -> throw new UserException("unknown option '" + name + "'");
            };
        }

        @Override
        public void check(String name, String value) {
            if (name.equals("cost") && !Set.of("quadratic", "cross-entropy", "log-likelihood").contains(value)) {
                throw new UserException("unknown cost '" + value + "'");
            }
            if (name.equals("momentum") && Double.parseDouble(value) >= 1) {
                throw new UserException("momentum must be in [0, 1), got " + value);
            }
        }
    };

    static SearchSpace space(String... words) {
        return SearchSpace.parse(List.of(words), OPTIONS);
    }

    @Test
    void listsKeepTheirValuesInOrder() {
        Parameter p = space("hidden=30,100,300").parameters().get(0);
        assertEquals(new Parameter.Choice("hidden", List.of("30", "100", "300")), p);
        assertEquals(List.of("cross-entropy", "log-likelihood"), space("cost=cross-entropy,log-likelihood").parameters().get(0).grid(5));
    }

    @Test
    void semicolonsListValuesThatHoldCommas() {
        // several hidden layers in one value: the train setting hidden=100,30
        assertEquals(List.of("30", "100,30", "100,100"), space("hidden=30;100,30;100,100").parameters().get(0).grid(5));
        assertEquals(List.of("0.1", "0.2"), space("eta=0.1;0.2").parameters().get(0).grid(5));
        UserException notANumber = assertThrows(UserException.class, () -> space("hidden=30;100,x"));
        assertTrue(notANumber.getMessage().contains("'x' in 'hidden=30;100,x' is not a number"), notANumber.getMessage());
        assertThrows(UserException.class, () -> space("hidden=30;;100"));
        assertThrows(UserException.class, () -> space("hidden=100,30;100, 30"));
        // against the real settings: each value is a network's hidden layers, or the expansions' kinds
        SearchSpace real = SearchSpace.parse(List.of("hidden=30;100,30", "expand=none;shift,elastic"),
                new SettingsOptions(Settings.DEFAULT));
        List<String> hidden = real.parameters().get(0).grid(2);
        assertArrayEquals(new int[] {784, 100, 30, 10}, Settings.DEFAULT.with("hidden", hidden.get(1)).sizes());
        assertEquals(List.of("none", "shift,elastic"), real.parameters().get(1).grid(2));
        assertThrows(UserException.class, () -> SearchSpace.parse(List.of("hidden=30;100,0"), new SettingsOptions(Settings.DEFAULT)));
        // another name of a setting is that setting: given twice, not two settings
        UserException twice = assertThrows(UserException.class,
                () -> SearchSpace.parse(List.of("l2=0..5", "lambda=1,2"), new SettingsOptions(Settings.DEFAULT)));
        assertTrue(twice.getMessage().startsWith("lambda is given twice in the search space"), twice.getMessage());
    }

    @Test
    void aLogRangesGridIsEvenInTheLogarithm() {
        assertEquals(List.of("0.01", "0.1", "1", "10"), space("eta=0.01..10:log").parameters().get(0).grid(4));
        // 30·√10 = 94.87 rounds to 95 neurons
        assertEquals(List.of("30", "95", "300"), space("hidden=30..300:log").parameters().get(0).grid(3));
    }

    @Test
    void aLinearRangesGridIsEven() {
        assertEquals(List.of("0", "2.5", "5", "7.5", "10"), space("lambda=0..10").parameters().get(0).grid(5));
        assertEquals(List.of("0", "5", "10"), space("lambda=0..10:linear").parameters().get(0).grid(3));
        // three significant figures: 1/3 of the way from 0 to 1 is 0.333
        assertEquals(List.of("0", "0.333", "0.667", "1"), space("eta=0..1").parameters().get(0).grid(4));
    }

    @Test
    void theGridIsEveryCombinationTheFirstParameterSlowest() {
        List<Trial> grid = space("hidden=30,100", "eta=0.1..10:log").grid(3);
        assertEquals(6, grid.size());
        assertEquals(Map.of("hidden", "30", "eta", "0.1"), grid.get(0).values());
        assertEquals(Map.of("hidden", "30", "eta", "1"), grid.get(1).values());
        assertEquals(Map.of("hidden", "100", "eta", "10"), grid.get(5).values());
        assertEquals(List.of("hidden", "eta"), List.copyOf(grid.get(5).values().keySet()));
        for (int i = 0; i < grid.size(); i++) {
            assertEquals(i, grid.get(i).id());
        }
    }

    @Test
    void randomTrialsAreReproducibleDifferentAndInRange() {
        SearchSpace space = space("eta=0.01..10:log", "lambda=0..10", "cost=quadratic,cross-entropy");
        List<Trial> a = space.sample(400, 7);
        assertEquals(a, space.sample(400, 7));
        assertEquals(400, a.stream().map(Trial::values).distinct().count());
        int belowGeometricMean = 0;
        int belowMiddle = 0;
        for (Trial t : a) {
            double eta = Double.parseDouble(t.values().get("eta"));
            double lambda = Double.parseDouble(t.values().get("lambda"));
            assertTrue(eta >= 0.01 && eta <= 10 && lambda >= 0 && lambda <= 10, t.describe());
            belowGeometricMean += eta < Math.sqrt(0.01 * 10) ? 1 : 0;
            belowMiddle += lambda < 5 ? 1 : 0;
        }
        // log-uniform: half below √(0.01·10) = 0.316 (on a linear scale that would be 3%); uniform: half below 5
        assertTrue(belowGeometricMean > 160 && belowGeometricMean < 240, "eta below 0.316: " + belowGeometricMean);
        assertTrue(belowMiddle > 160 && belowMiddle < 240, "lambda below 5: " + belowMiddle);
    }

    @Test
    void aFiniteSpaceRefusesMoreRandomTrialsThanItHolds() {
        assertEquals("the space holds only 6 different trials: ask for --trials 6 or fewer, or use --strategy grid",
                message(() -> space("hidden=30,100,300", "cost=quadratic,cross-entropy").sample(7, 1)));
        assertEquals(6, space("hidden=30,100,300", "cost=quadratic,cross-entropy").sample(6, 1).size());
    }

    @Test
    void badSpacesAreRefusedWithOneLine() {
        assertEquals("unknown option 'etaa'", message(() -> space("etaa=0.1..1")));
        assertEquals("malformed search parameter 'eta': write NAME=VALUES, e.g. eta=0.01..10:log, lambda=0..10 or hidden=30,100,300",
                message(() -> space("eta")));
        assertEquals("malformed search parameter 'eta=': write NAME=VALUES, e.g. eta=0.01..10:log, lambda=0..10 or hidden=30,100,300",
                message(() -> space("eta=")));
        assertEquals("empty range 1..1 for eta: give a low end below the high end, or one value (eta=1)",
                message(() -> space("eta=1..1")));
        assertEquals("reversed range 10..0.01 for eta: write the low end first (eta=0.01..10)",
                message(() -> space("eta=10..0.01:log")));
        assertEquals("malformed range in 'eta=0.1..': write LOW..HIGH, e.g. eta=0.01..10:log", message(() -> space("eta=0.1..")));
        assertEquals("malformed range in 'eta=0.1..1..10': write LOW..HIGH, e.g. eta=0.01..10:log",
                message(() -> space("eta=0.1..1..10")));
        assertEquals("'fast' in 'eta=fast..10' is not a number: write NAME=VALUES, e.g. eta=0.01..10:log, lambda=0..10 or hidden=30,100,300",
                message(() -> space("eta=fast..10")));
        assertEquals("unknown scale 'cubic' in 'eta=0.1..1:cubic': use :log or :linear (the default), as in eta=0.01..10:log",
                message(() -> space("eta=0.1..1:cubic")));
        assertEquals("a log range needs a positive low end: 'lambda=0..10:log' starts at 0 (drop :log, or start above 0)",
                message(() -> space("lambda=0..10:log")));
        assertEquals("cost takes names, not a range: list them, as in cost=A,B (from 'cost=a..b')", message(() -> space("cost=a..b")));
        assertEquals("unknown cost 'cubic'", message(() -> space("cost=quadratic,cubic")));
        assertEquals("momentum must be in [0, 1), got 1", message(() -> space("momentum=0..1")));
        assertEquals("malformed search parameter 'hidden=30,,100': an empty value in the list; write NAME=VALUES, e.g."
                + " eta=0.01..10:log, lambda=0..10 or hidden=30,100,300", message(() -> space("hidden=30,,100")));
        assertEquals("30 is listed twice for hidden in 'hidden=30,100,30': list each value once",
                message(() -> space("hidden=30,100,30")));
        assertEquals("eta is given twice in the search space: give it once", message(() -> space("eta=0.1,1", "eta=0.01..1")));
        assertEquals("the range in 'hidden=30.2..30.4' holds one whole number: give a wider range or one value",
                message(() -> space("hidden=30.2..30.4")));
        assertEquals("the grid holds more than 10000 trials, too many: use fewer values or --strategy random --trials N",
                message(() -> space("eta=0.01..10:log", "lambda=0..10", "hidden=10..1000").grid(30)));
    }

    static String message(Runnable r) {
        return assertThrows(UserException.class, r::run).getMessage();
    }
}

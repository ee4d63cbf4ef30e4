package nndl.search;

import java.util.List;
import java.util.Map;
import nndl.UserException;

/**
 * What a search is, all that a resumed search needs to go on as it was started: the base
 * settings (the JSON map form of a settings file), the space as it was written, the strategy
 * and its numbers, and the trials it drew (so that resuming never depends on drawing them again).
 *
 * @param format    the format's version ({@link #FORMAT})
 * @param base      the settings every trial starts from, by option name
 * @param space     the space's words, as given ({@code eta=0.01..10:log})
 * @param strategy  grid, random or halving
 * @param points    values per range in a grid
 * @param minEpochs the fewest epochs a halving trial starts with
 * @param seed      the seed the random trials were drawn with
 * @param epochs    the full budget: epochs of a trial trained in full
 * @param trials    every trial of the search
 */
public record SearchPlan(int format, Map<String, Object> base, List<String> space, String strategy, int points,
                         int minEpochs, long seed, int epochs, List<Trial> trials) {
    public static final int FORMAT = 1;
    public static final List<String> STRATEGIES = List.of("grid", "random", "halving");

    public SearchPlan {
        space = List.copyOf(space);
        trials = List.copyOf(trials);
    }

    /** The strategy that runs this plan, from its first trial (or from where a resumed search stopped). */
    public Strategy newStrategy() {
        return switch (strategy) {
            case "grid", "random" -> new FixedTrials(trials, epochs);
            case "halving" -> new SuccessiveHalving(trials, epochs, minEpochs);
            default -> throw new UserException("unknown strategy '" + strategy + "': use one of " + String.join(", ", STRATEGIES));
        };
    }
}

package nndl.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The name a mistyped word was probably meant to be: the closest by edit distance, if close enough. */
final class Suggestion {
    private Suggestion() {
    }

    /**
     * The name nearest to {@code typed} in edits (a letter inserted, deleted, replaced, or two
     * neighbours swapped), if it takes at most a third of the typed word's letters (and at least
     * one) to get there; ties go to the name listed first.
     */
    static Optional<String> closest(String typed, Collection<String> names) {
        int allowed = Math.max(1, typed.replaceFirst("^-+", "").length() / 3);
        return names.stream()
                .filter(name -> distance(typed, name) <= allowed)
                .min(Comparator.comparingInt(name -> distance(typed, name)));
    }

    /** The optimal-string-alignment distance: Levenshtein's, with a swap of two neighbours counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

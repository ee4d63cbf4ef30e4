package nndl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nndl.search.TrialRecord;

/** The live table of a search: a row for each job as it finishes, its searched values and its validation score. */
final class TrialTable {
    private final PrintWriter out;
    private final List<String> names;
    private final List<Integer> widths = new ArrayList<>();

    TrialTable(PrintWriter out, List<String> names) {
        this.out = out;
        this.names = List.copyOf(names);
        for (String n : names) {
            widths.add(Math.max(n.length(), 7));
        }
    }

    void header() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%5s %6s", "trial", "epochs"));
        for (int i = 0; i < names.size(); i++) {
            s.append("  ").append(pad(names.get(i), widths.get(i)));
        }
        s.append(String.format(Locale.ROOT, "  %10s  %8s  %8s  %s", "validation", "cost", "time", "where"));
        out.println(s);
    }

    void row(TrialRecord r, boolean best) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%5d %6s", r.trial(),
                r.epochsTrained() < r.epochs() && r.finished() ? r.epochsTrained() + "/" + r.epochs() : Integer.toString(r.epochs())));
        for (int i = 0; i < names.size(); i++) {
            s.append("  ").append(pad(r.values().getOrDefault(names.get(i), ""), widths.get(i)));
        }
        if (r.finished()) {
            s.append(String.format(Locale.ROOT, "  %9.2f%%  %8.4f  %6.1f s  %s%s", 100 * r.accuracy(),
                    r.validationCost().get(r.validationCost().size() - 1), r.trainSeconds(), r.worker(), best ? "  best so far" : ""));
        } else {
            s.append("  failed: ").append(r.note());
        }
        out.println(s);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}

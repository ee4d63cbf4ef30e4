package nndl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import nndl.train.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "List the book's experiments (and our best recipe) that train --preset runs.")
final class PresetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"preset", "book's figure", "run"});
        for (Preset p : Preset.all()) {
            rows.add(new String[] {p.name(), p.bookFigure(), p.description()});
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String line : columns(rows)) {
            out.println(line);
        }
        out.println();
        out.println("Run one with ./nndl train --preset NAME; options given beside it override the preset's.");
    }

    /** The rows as lines, each column but the last padded to its widest cell plus two spaces. */
    static List<String> columns(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c < row.length - 1 ? row[c] + " ".repeat(width[c] - row[c].length() + 2) : row[c]);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}

package nndl.cli;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells laid out in columns, each column as wide as its widest cell. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    /** A table with this header row. */
    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        if (cells.length != rows.get(0).length) {
            throw new IllegalArgumentException(cells.length + " cells in a table of " + rows.get(0).length + " columns");
        }
        rows.add(cells);
        return this;
    }

    /** Columns two spaces apart, the last one not padded. */
    List<String> plain() {
        int[] width = widths();
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length - 1; c++) {
                line.append(pad(row[c], width[c] + 2));
            }
            lines.add(line.append(row[row.length - 1]).toString());
        }
        return lines;
    }

    /** A Markdown table: "| a | b |", a rule under the header, the cells padded. */
    List<String> markdown() {
        int[] width = widths();
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            StringBuilder rule = new StringBuilder("|");
            for (int c = 0; c < width.length; c++) {
                line.append(' ').append(pad(rows.get(r)[c], width[c])).append(" |");
                rule.append(' ').append("-".repeat(width[c])).append(" |");
            }
            lines.add(line.toString());
            if (r == 0) {
                lines.add(rule.toString());
            }
        }
        return lines;
    }

    private int[] widths() {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        return width;
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(width - cell.length());
    }
}

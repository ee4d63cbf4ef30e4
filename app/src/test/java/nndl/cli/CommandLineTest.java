package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What the command line as a whole says: to a mistyped word, in its help, and in the presets' table. */
class CommandLineTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "trian                     | nndl: unknown command 'trian': did you mean 'train'? (see 'nndl --help')",
        "serv                      | nndl: unknown command 'serv': did you mean 'serve'? (see 'nndl --help')",
        "baseline averge-darkness  | nndl: unknown command 'averge-darkness': did you mean 'average-darkness'? (see 'nndl baseline --help')",
        "train --epohcs 2          | nndl: unknown option '--epohcs': did you mean '--epochs'? (see 'nndl train --help')",
        "train --lamda=5           | nndl: unknown option '--lamda=5': did you mean '--lambda'? (see 'nndl train --help')",
        "--verison                 | nndl: unknown option '--verison': did you mean '--version'? (see 'nndl --help')",
        "train --frobnicate        | nndl: unknown option '--frobnicate' (see 'nndl train --help')",
        "frobnicate                | nndl: unknown command 'frobnicate' (see 'nndl --help')",
        "gradcheck extra           | nndl: unexpected argument 'extra' for 'nndl gradcheck' (see 'nndl gradcheck --help')",
    })
    void aMistypedWordIsOneLineWithTheNearestNameAndStatusTwo(String args, String expected) {
        CommandLineRun run = CommandLineRun.of(args.trim().split("\\s+"));
        assertEquals(Main.USER_ERROR, run.status(), run.toString());
        assertEquals(expected, run.err().strip(), run.toString());
        assertEquals("", run.out());
    }

    @Test
    void theNearestNameIsTheOneFewestEditsAwayWithinAThirdOfTheWord() {
        assertEquals(1, Suggestion.distance("trian", "train"), "two neighbours swapped: one edit");
        assertEquals(2, Suggestion.distance("tain", "trains"), "one letter missing, one extra");
        assertEquals(3, Suggestion.distance("kitten", "sitting"));
        assertEquals(0, Suggestion.distance("", ""));
        List<String> names = List.of("--eta", "--epochs", "--seed", "--sizes");
        assertEquals(Optional.of("--sizes"), Suggestion.closest("--size", names));
        assertEquals(Optional.of("--eta"), Suggestion.closest("--etas", List.of("--eta", "--etab")), "ties go to the first listed");
        assertEquals(Optional.of("--etab"), Suggestion.closest("--etas", List.of("--etab", "--eta")));
        assertEquals(Optional.empty(), Suggestion.closest("--momentum", names), "nothing near");
        assertEquals(Optional.empty(), Suggestion.closest("--ab", List.of("--eta")), "two edits on a word of two letters is too many");
    }

    /** The list of commands shows the first line of each one's description: it must be a whole sentence. */
    @Test
    void everyCommandsSummaryInTheHelpIsASentence() {
        CommandLine commandLine = Main.commandLine();
        for (var entry : commandLine.getSubcommands().entrySet()) {
            String[] description = entry.getValue().getCommandSpec().usageMessage().description();
            String first = description[0];
            assertTrue(first.endsWith(".") && !first.endsWith(":"), entry.getKey() + ": " + first);
        }
        CommandLineRun help = CommandLineRun.of("--help");
        assertTrue(help.out().contains("  show        Draw test digits, a model's mistakes or its first-layer weights"), help.out());
        assertTrue(help.out().contains("  expand      Write the book's expanded MNIST training set: each image and its"), help.out());
    }

    /** Each column of the presets' table starts at the same place on every line, however long a cell is. */
    @Test
    void presetsColumnsLineUp() {
        CommandLineRun run = CommandLineRun.of("presets");
        assertEquals(0, run.status(), run.toString());
        List<String> rows = run.out().lines().takeWhile(line -> !line.isEmpty()).toList();
        assertTrue(rows.size() > 5, run.out());
        Matcher header = Pattern.compile("preset +book's figure +run").matcher(rows.get(0));
        assertTrue(header.matches(), rows.get(0));
        int figure = rows.get(0).indexOf("book's figure");
        int description = rows.get(0).indexOf("run");
        for (String row : rows.subList(1, rows.size())) {
            assertTrue(row.charAt(figure - 1) == ' ' && row.charAt(figure) != ' ', row);
            assertTrue(row.charAt(description - 1) == ' ' && row.charAt(description - 2) == ' '
                    && row.charAt(description) != ' ', row);
        }
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("best ") && r.contains("about 98%")), run.out());
    }
}

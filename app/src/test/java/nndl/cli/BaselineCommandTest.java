package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {
    private static final String DATA = Path.of("..", "data", "mnist").toString();

    /** Runs the command line, returning its exit status and standard output. */
    static String[] run(String... args) {
        CommandLineRun r = CommandLineRun.of(args);
        return new String[] {String.valueOf(r.status()), r.out()};
    }

    @Test
    void averageDarknessPrintsTheBooksScore() {
        String[] r = run("baseline", "average-darkness", "--data", DATA);
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("average darkness on test: 2225 / 10000 (22.25%)"), r[1]);
        // Ones have the least ink and zeros the most: the book's point that darkness says something.
        assertTrue(r[1].contains("  1:   59.9"), r[1]);
    }

    @Test
    void randomPrintsAboutTenPercent() {
        String[] r = run("baseline", "random", "--data", DATA, "--seed", "5");
        assertEquals("0", r[0]);
        assertTrue(r[1].matches("(?s)random guess on test: (9[0-9]{2}|10[0-9]{2}|11[0-4][0-9]) / 10000 .*"), r[1]);
    }

    @Test
    void aMissingDataFolderIsAUserError(@TempDir Path dir) {
        assertEquals(Main.USER_ERROR, Main.run("baseline", "random", "--data", dir.resolve("nope").toString()));
    }
}

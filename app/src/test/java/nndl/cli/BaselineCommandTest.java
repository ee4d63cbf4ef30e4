package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {
    @Test
    void averageDarknessPrintsTheBooksScore() {
        CommandLineRun r = CommandLineRun.of("baseline", "average-darkness", "--data", CommandLineRun.DATA);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("average darkness on test: 2225 / 10000 (22.25%)"), r.out());
        // Ones have the least ink and zeros the most: the book's point that darkness says something.
        assertTrue(r.out().contains("  1:   59.9"), r.out());
    }

    @Test
    void randomPrintsAboutTenPercent() {
        CommandLineRun r = CommandLineRun.of("baseline", "random", "--data", CommandLineRun.DATA, "--seed", "5");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("(?s)random guess on test: (9[0-9]{2}|10[0-9]{2}|11[0-4][0-9]) / 10000 .*"), r.out());
    }

    @Test
    void aMissingDataFolderIsAUserError(@TempDir Path dir) {
        assertEquals(Main.USER_ERROR, Main.run("baseline", "random", "--data", dir.resolve("nope").toString()));
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bench command's user errors (its timings are measured by running it, never in tests). */
class BenchCommandTest {
    @Test
    void rejectsAnUnknownRun() {
        String err = errorsOf("bench", "--runs", "small,huge", "--torch", "no");
        assertTrue(err.contains("unknown run 'huge'") && err.contains("small, medium or wide"), err);
    }

    @Test
    void rejectsNoTimedEpochs() {
        String err = errorsOf("bench", "--epochs", "0", "--torch", "no");
        assertTrue(err.contains("--epochs must be at least 1"), err);
    }

    @Test
    void rejectsZeroThreads() {
        String err = errorsOf("bench", "--threads", "0", "--torch", "no");
        assertTrue(err.contains("--threads must be at least 1"), err);
    }

    /** Runs the command line, expects exit status 2, and returns what it printed on standard error. */
    private static String errorsOf(String... args) {
        CommandLineRun run = CommandLineRun.of(args);
        assertEquals(Main.USER_ERROR, run.status(), run.toString());
        return run.err();
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));
        int status = cl.execute(args);
        String err = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Main.USER_ERROR, status, err);
        return err;
    }
}

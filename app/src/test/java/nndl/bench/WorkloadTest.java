package nndl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nndl.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The three networks of ./nndl bench, as issue 15's protocol gives them, said the same way to nndl and to the Python scripts. */
class WorkloadTest {
    @Test
    void theBookRunsAreTheIssuesProtocol() {
        assertEquals(List.of("--sizes", "784,30,10", "--batch-size", "10", "--eta", "3.0", "--cost", "quadratic", "--epochs", "10"),
                Workload.named("small").trainOptions());
        assertEquals(List.of("--sizes", "784,100,10", "--batch-size", "10", "--eta", "0.5", "--cost", "cross-entropy",
                "--lambda", "5.0", "--epochs", "10"), Workload.named("medium").trainOptions());
        assertEquals(List.of("--sizes", "784,1000,10", "--batch-size", "128", "--eta", "0.1", "--cost", "cross-entropy",
                "--epochs", "3"), Workload.named("wide").trainOptions());
        assertEquals(List.of(1, 1, 2), Workload.BOOK.stream().map(w -> w.pythonThreads(2)).toList(),
                "PyTorch and numpy on one thread at mini-batch 10, on all cores for the wide network");
    }

    /** Forward and weight gradient in every layer, the error sent back in all but the first: 2·784·1000 + 3·1000·10. */
    @Test
    void denseWorkIsCountedByHand() {
        assertEquals(2L * 784 * 1000 + 3L * 1000 * 10, Workload.named("wide").denseMultiplyAddsPerImage());
        assertEquals(2L * 784 * 30 + 3L * 30 * 10, Workload.named("small").denseMultiplyAddsPerImage());
    }

    @Test
    void nndlTrainTakesEveryRunsOptions() {
        for (Workload w : Workload.BOOK) {
            List<String> args = new ArrayList<>(List.of("train"));
            args.addAll(w.trainOptions());
            ParseResult train = Main.commandLine().parseArgs(args.toArray(String[]::new)).subcommand();
            assertEquals("train", train.commandSpec().name());
            assertEquals(w.epochs(), (int) train.matchedOptionValue("--epochs", 0));
            assertEquals(w.batchSize(), (int) train.matchedOptionValue("--batch-size", 0));
        }
    }

    /** The scripts' shared module declares every option the runs give, and prints epochs in nndl train's words. */
    @Test
    void thePythonScriptsTakeTheSameOptionsAndPrintTheSameEpochLines() throws IOException {
        Set<String> given = Workload.BOOK.stream().flatMap(w -> w.trainOptions().stream()).filter(o -> o.startsWith("--"))
                .collect(Collectors.toSet());
        given.addAll(Set.of("--data", "--threads"));
        String shared = Files.readString(Path.of("..", "bench", "whole_process.py"));
        Matcher m = Pattern.compile("add_argument\\(\"(--[a-z-]+)\"").matcher(shared);
        Set<String> declared = new HashSet<>();
        while (m.find()) {
            declared.add(m.group(1));
        }
        assertTrue(declared.containsAll(given), "whole_process.py declares " + declared + ", the runs give " + given);
        assertTrue(shared.contains("print(f\"Epoch {number}: {correct} / {total} ({seconds:.2f} s)\""), shared);
        for (String name : List.of("whole_process_torch.py", "whole_process_numpy.py")) {
            String script = Files.readString(Path.of("..", "bench", name));
            assertTrue(script.contains("whole_process.arguments(") && script.contains("whole_process.epoch("), name);
        }
    }
}

package nndl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX project's own checker ({@code onnx.checker.check_model} with {@code full_check}, which
 * also runs its shape inference) accepts every model nndl exports. The checker is Python's:
 * Debian's python3-onnx, which {@code .ci/run} installs. Without it the tests are skipped on a
 * developer's machine, and fail under CI (CI=true), so that CI never passes without running them.
 */
class OnnxCheckerTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String CHECK = "import sys, onnx\n"
            + "onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)\n"
            + "print('valid')\n";

    @TempDir
    static Path dir;
    static boolean present;

    @BeforeAll
    static void findTheChecker() throws Exception {
        present = Files.isExecutable(Path.of(PYTHON)) && python("-c", "import onnx.checker").status == 0;
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI needs ONNX's checker (Debian's python3-onnx), which .ci/run installs");
        }
    }

    @Test
    void theCheckerAcceptsEveryKindOfNetworkNndlExports() throws Exception {
        assumeTrue(present, "ONNX's checker is missing: apt-get install python3-onnx");
        List<Network> networks = List.of(
                new Network(784, 30, 10),
                new Network(new int[] {784, 40, 20, 10}, Activation.TANH, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD),
                new Network(new int[] {784, 50, 10}, Activation.RELU, Activation.SIGMOID, Cost.CROSS_ENTROPY),
                new Network(new int[] {784, 10}, Activation.SIGMOID, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD));
        for (int i = 0; i < networks.size(); i++) {
            Network network = networks.get(i).initialize(Initializer.DEFAULT, new Random(i));
            Path file = dir.resolve("net" + i + ".onnx");
            OnnxExport.save(network, Map.of("seed", i, "evaluation", "test", "evaluation_correct", 9000,
                    "evaluation_total", 10000, "sizes", network.sizes()), "test", file);
            Result r = python("-c", CHECK, file.toString());
            assertEquals(0, r.status, "the checker on " + network + ":\n" + r.output);
            assertEquals("valid", r.output.trim());
        }
    }

    /** The check can fail: a model whose first Gemm takes weights nobody defines is refused. */
    @Test
    void theCheckerRefusesABrokenModel() throws Exception {
        assumeTrue(present, "ONNX's checker is missing: apt-get install python3-onnx");
        ModelProto good = OnnxExport.toOnnx(new Network(784, 30, 10), Map.of(), "test");
        ModelProto broken = Graphs.edit(good, g -> g.setNode(0, g.getNode(0).toBuilder().setInput(1, "nowhere")));
        Path file = dir.resolve("broken.onnx");
        Files.write(file, broken.toByteArray());
        Result r = python("-c", CHECK, file.toString());
        assertNotEquals(0, r.status, r.output);
        assertTrue(r.output.contains("nowhere"), r.output);
    }

    record Result(int status, String output) {
    }

    static Result python(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "python", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the ONNX checker did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}

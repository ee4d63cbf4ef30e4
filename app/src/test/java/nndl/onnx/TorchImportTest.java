package nndl.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import nndl.cli.CommandLineRun;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models exported by PyTorch 1.13's {@code torch.onnx.export}, made once by
 * {@code tools/torch_onnx_fixtures.py} and checked in with PyTorch's own outputs
 * ({@code torch-outputs.json}): nndl imports them and gives the same outputs and the same count of
 * test images right. One is Flatten and Gemm layers with raw_data weights, the other MatMul and Add
 * layers (bias first) with float_data weights, at an opset before Softmax-13.
 */
class TorchImportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchImportTest.class.getResource(name).toURI());
    }

    @Test
    void gemmLayersFromPyTorch() throws Exception {
        Network network = Models.load(fixture("torch-gemm.onnx"));
        assertArrayEquals(new int[] {784, 32, 10}, network.sizes());
        assertEquals(Activation.RELU, network.hiddenActivation());
        assertEquals(Activation.SOFTMAX, network.outputActivation());
        assertEquals(Cost.LOG_LIKELIHOOD, network.cost(), "a softmax output gets the log-likelihood cost");
        givesPyTorchsOutputs(network, "torch-gemm.onnx");
    }

    @Test
    void matMulAndAddLayersFromPyTorch() throws Exception {
        Network network = Models.load(fixture("torch-matmul.onnx"));
        assertArrayEquals(new int[] {784, 32, 16, 10}, network.sizes());
        assertEquals(Activation.TANH, network.hiddenActivation());
        assertEquals(Activation.SIGMOID, network.outputActivation());
        assertEquals(Cost.QUADRATIC, network.cost(), "a sigmoid output gets the quadratic cost");
        givesPyTorchsOutputs(network, "torch-matmul.onnx");
    }

    /** PyTorch's outputs for the first test images within 1e-5, and exactly its count of test images right. */
    private static void givesPyTorchsOutputs(Network network, String name) throws Exception {
        JsonNode expected = JSON.readTree(fixture("torch-outputs.json").toFile()).get(name);
        Dataset test = TestMnist.mnist().test();
        JsonNode images = expected.get("images");
        for (int s = 0; s < images.size(); s++) {
            float[] ours = network.feedforward(test.image(images.get(s).asInt()));
            JsonNode theirs = expected.get("outputs").get(s);
            for (int j = 0; j < 10; j++) {
                assertEquals(theirs.get(j).asDouble(), ours[j], 1e-5, name + ": image " + images.get(s) + ", output " + j);
            }
        }
        try (Kernels k = Kernels.create(1)) {
            assertEquals(expected.get("test_correct").asInt(), network.evaluate(test, k).correct(), name + ": test images right");
        }
    }

    @Test
    void importWritesTheModelFileWithItsProducer(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("torch.json");
        CommandLineRun run = CommandLineRun.of("import", fixture("torch-gemm.onnx").toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.toString());
        assertEquals("Imported [784, 32, 10] (relu hidden, softmax output, log-likelihood cost) from "
                + fixture("torch-gemm.onnx") + " to " + out, run.out().trim());
        ModelFile.Saved saved = ModelFile.read(out);
        assertEquals("pytorch 1.13.0", saved.info().get("imported_from"));
        Bits.assertSame(Models.load(fixture("torch-gemm.onnx")), saved.network());
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.onnx.OnnxExport;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad ONNX files: one line on standard error naming the problem, exit 2, and no model file written. */
class BadOnnxTest {
    @TempDir
    Path dir;

    /** Runs the command, which must fail as a user error with exactly {@code expected} (after "nndl: ") and write nothing. */
    private void refused(String expected, String... args) {
        CommandLineRun run = CommandLineRun.of(args);
        assertEquals(2, run.status(), run.toString());
        assertEquals("nndl: " + expected + "\n", run.err(), run.toString());
        assertEquals("", run.out());
        assertFalse(Files.exists(dir.resolve("out.json")), "no model file is written");
    }

    @Test
    void aTruncatedFile() throws Exception {
        Network network = new Network(784, 30, 10).initialize(Initializer.DEFAULT, new Random(1));
        ModelProto model = OnnxExport.toOnnx(network, Map.of("seed", 1), "test");
        byte[] whole = model.toByteArray();
        // Fields are written in order of their numbers: up to the graph (7), then the opsets (8), then the metadata (14).
        int endOfGraph = model.toBuilder().clearOpsetImport().clearMetadataProps().build().getSerializedSize();
        for (int length : new int[] {1, 40, whole.length / 2, whole.length - 1}) {
            Path cut = dir.resolve("cut" + length + ".onnx");
            Files.write(cut, Arrays.copyOf(whole, length));
            refused("cannot read the ONNX model " + cut + ": it is not a complete ONNX file (its protobuf data stops part-way):"
                    + " export the model again", "import", cut.toString(), "--out", dir.resolve("out.json").toString());
        }
        Path atTheGraphsEnd = dir.resolve("graph-only.onnx");
        Files.write(atTheGraphsEnd, Arrays.copyOf(whole, endOfGraph));
        refused("cannot read the ONNX model " + atTheGraphsEnd + ": it names no version of ONNX's operator set (opset_import):"
                + " give a model exported to ONNX", "import", atTheGraphsEnd.toString(), "--out", dir.resolve("out.json").toString());
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        refused("cannot read the ONNX model " + empty + ": it holds no graph of nodes: give a model exported to ONNX",
                "evaluate", "--model", empty.toString(), "--data", CommandLineRun.DATA);
        Path half = dir.resolve("cut" + whole.length / 2 + ".onnx");
        refused("cannot read the ONNX model " + half + ": it is not a complete ONNX file (its protobuf data stops part-way):"
                + " export the model again", "evaluate", "--model", half.toString(), "--data", CommandLineRun.DATA);
    }

    /** PyTorch's export of a small convolutional network (tools/torch_onnx_fixtures.py). */
    @Test
    void aConvolutionalModel() throws Exception {
        String conv = Path.of(BadOnnxTest.class.getResource("/nndl/onnx/torch-conv.onnx").toURI()).toString();
        String why = "cannot read the ONNX model " + conv + ": node 1 \"/0/Conv\" (Conv) is not part of a fully connected network:"
                + " nndl imports layers made of a Gemm (or a MatMul and an Add) and then Sigmoid, Tanh, Relu or Softmax, with"
                + " Flatten or Identity between";
        refused(why, "import", conv, "--out", dir.resolve("out.json").toString());
        refused(why, "predict", "--model", conv, "digit.png");
    }

    @Test
    void aModelWith783Inputs() {
        Path m783 = dir.resolve("783.onnx");
        OnnxExport.save(new Network(783, 30, 10).initialize(Initializer.DEFAULT, new Random(1)), Map.of(), "test", m783);
        refused("the ONNX model " + m783 + " has sizes [783, 30, 10]: import needs a network with 784 inputs and 10 outputs",
                "import", m783.toString(), "--out", dir.resolve("out.json").toString());
        refused("the network's input layer has 783 neurons but the images have 784 pixels: the first size must be 784",
                "evaluate", "--model", m783.toString(), "--data", CommandLineRun.DATA);
    }

    @Test
    void aMissingFile() {
        Path missing = dir.resolve("missing.onnx");
        refused("model file " + missing + " does not exist: export one with ./nndl export --model MODEL.json --out " + missing,
                "import", missing.toString(), "--out", dir.resolve("out.json").toString());
    }
}

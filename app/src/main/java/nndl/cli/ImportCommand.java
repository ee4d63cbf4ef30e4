package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import nndl.image.Prediction;
import nndl.model.ModelFile;
import nndl.nn.Network;
import nndl.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a fully connected network in an ONNX file, from nndl or another tool, into an nndl model file.",
                "It takes what PyTorch's torch.onnx.export writes for an nn.Sequential of Linear layers, each followed by"
                        + " Sigmoid, Tanh, ReLU or Softmax (and Flatten): each layer a Gemm, or a MatMul and an Add, then its"
                        + " activation; the hidden layers share one activation, softmax only at the output; 784 inputs, 10 outputs."
                        + " Anything else is refused, naming the first node that does not fit.",
                "The cost (ONNX has none) comes from the file's metadata when nndl exported it; otherwise log-likelihood for a"
                        + " softmax output and quadratic for any other."})
final class ImportCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX file.")
    Path onnx;
    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "The model file to write (replaced if it exists).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ModelFile.Saved saved = OnnxImport.read(onnx);
        Network network = saved.network();
        Prediction.requireDigitNetwork(network, "the ONNX model " + onnx, "import");
        ModelFile.save(network, saved.info(), out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("Imported " + Arrays.toString(network.sizes()) + " ("
                + (network.hiddenActivation() != null ? network.hiddenActivation().id() + " hidden, " : "")
                + network.outputActivation().id() + " output, " + network.cost().id() + " cost) from " + onnx + " to " + out);
        w.flush();
    }
}

package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import nndl.model.ModelFile;
import nndl.nn.Network;
import nndl.onnx.Models;
import nndl.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a saved network as an ONNX model, for ONNX Runtime, model viewers such as Netron, and other tools.",
                "The graph: a float input [N, 784] (the batch size N left open), for each layer a Gemm (its weights the book's w,"
                        + " n_out x n_in, taken with transB) and its activation (Sigmoid, Tanh, Relu or Softmax), and the output"
                        + " [N, 10]; ONNX opset 13, IR version 7. The model's metadata properties hold its cost and what its file"
                        + " says of how it was trained (nndl.KEY for each entry of its \"nndl\" object: the settings, and the accuracy recorded when it was saved)."})
final class ExportCommand implements Runnable {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (nndl or network2.py JSON, or ONNX).")
    Path model;
    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "The ONNX file to write (replaced if it exists).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ModelFile.Saved saved = Models.read(model);
        Network network = saved.network();
        OnnxExport.save(network, saved.info(), Main.VERSION, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("Exported " + Arrays.toString(network.sizes()) + " to " + out + " (ONNX opset " + OnnxExport.OPSET
                + ", input \"" + OnnxExport.INPUT + "\" [N, " + network.inputs() + "], output \"" + OnnxExport.OUTPUT
                + "\" [N, " + network.outputs() + "])");
        w.flush();
    }
}

package nndl.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import nndl.model.ModelFile;
import nndl.nn.Initializer;
import nndl.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models.read goes by what a file holds, so a misnamed model still loads. */
class ModelsTest {
    @Test
    void theContentDecidesTheFormat(@TempDir Path dir) throws Exception {
        Network network = new Network(784, 12, 10).initialize(Initializer.DEFAULT, new Random(2));
        Path jsonNamedOnnx = dir.resolve("really-json.onnx");
        ModelFile.save(network, jsonNamedOnnx);
        Path onnxNamedJson = dir.resolve("really-onnx.json");
        OnnxExport.save(network, Map.of(), "test", onnxNamedJson);
        Path onnxNoExtension = dir.resolve("model");
        Files.copy(onnxNamedJson, onnxNoExtension);

        assertFalse(Models.isOnnx(jsonNamedOnnx));
        assertTrue(Models.isOnnx(onnxNamedJson));
        assertTrue(Models.isOnnx(onnxNoExtension));
        assertTrue(Models.isOnnx(dir.resolve("missing.onnx")), "a missing .onnx file is reported by the ONNX reader");
        assertFalse(Models.isOnnx(dir.resolve("missing.json")));
        for (Path file : new Path[] {jsonNamedOnnx, onnxNamedJson, onnxNoExtension}) {
            Bits.assertSame(network, Models.load(file));
        }
    }
}

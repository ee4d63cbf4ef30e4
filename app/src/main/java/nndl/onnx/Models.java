package nndl.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import nndl.model.ModelFile;
import nndl.nn.Network;

/**
 * A model file in either format nndl reads: JSON (nndl's, or network2.py's) or ONNX. The content
 * decides: a file that starts like JSON is read as JSON whatever its name; one that starts as
 * every ONNX file does (field 1 of a ModelProto, its IR version), or is named {@code .onnx}, as ONNX.
 */
public final class Models {
    /** The first byte of a serialized ModelProto: field 1 (ir_version), a varint. */
    private static final int ONNX_FIRST_BYTE = 0x08;

    private Models() {
    }

    public static ModelFile.Saved read(Path file) {
        return isOnnx(file) ? OnnxImport.read(file) : ModelFile.read(file);
    }

    public static Network load(Path file) {
        return read(file).network();
    }

    static boolean isOnnx(Path file) {
        int first = -1;
        try (InputStream in = Files.newInputStream(file)) {
            first = in.read();
        } catch (IOException e) {
            // missing or unreadable: the reader chosen by the name says so
        }
        if (first == '{' || first == '[' || (first >= 0 && Character.isWhitespace(first))) {
            return false;
        }
        return first == ONNX_FIRST_BYTE || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }
}

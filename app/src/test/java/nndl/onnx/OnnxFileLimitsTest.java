package nndl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nndl.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX file is read only as far as a model of the most parameters nndl loads takes: 5 bytes a
 * parameter and 4 MB more; at 1,000 parameters, 4,199,304 bytes. A longer file is refused from
 * its length, an endless device after that many bytes.
 */
class OnnxFileLimitsTest {
    static final String TAKES = " bytes, more than a model of 1,000 weights and biases takes (to load bigger networks, run with"
            + " -Dnndl.max-parameters=N)";

    @Test
    void aFileLongerThanTheLimitIsRefusedFromItsLength(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("long.onnx");
        Files.write(file, new byte[4_199_305]);
        UserException e = assertThrows(UserException.class, () -> OnnxImport.parse(file, "cannot read it", 1000));
        assertEquals("cannot read it: it is 4,199,305" + TAKES, e.getMessage());
        // One byte less is read: all zeros is a protobuf message of no fields, which has no graph.
        Files.write(file, new byte[4_199_304]);
        e = assertThrows(UserException.class, () -> OnnxImport.parse(file, "cannot read it", 1000));
        assertEquals("cannot read it: it is not a complete ONNX file (its protobuf data is damaged): export the model again",
                e.getMessage());
    }

    @Test
    void anEndlessDeviceIsReadOnlySoFar() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "a Unix /dev/zero");
        UserException e = assertThrows(UserException.class, () -> OnnxImport.parse(zero, "cannot read it", 1000));
        assertEquals("cannot read it: it goes on past 4,199,304" + TAKES, e.getMessage());
    }

    @Test
    void aFolderIsNotAModel(@TempDir Path dir) {
        UserException e = assertThrows(UserException.class, () -> OnnxImport.read(dir));
        assertEquals("model file " + dir + " is a folder: give an ONNX model file", e.getMessage());
    }
}

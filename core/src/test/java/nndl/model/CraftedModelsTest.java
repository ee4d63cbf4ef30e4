package nndl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nndl.UserException;
import nndl.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every crafted model file ({@link CraftedModels}) is refused in one line naming the file and the
 * problem, before its sizes are allocated: reading each allocates under 4 MB, where the sizes of
 * the first two alone would take gigabytes.
 */
class CraftedModelsTest {
    @TempDir
    Path dir;

    @Test
    void everyCraftedModelIsRefusedInOneLineBeforeItsLayersAreAllocated() throws IOException {
        com.sun.management.ThreadMXBean thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ModelFile.load(Files.writeString(dir.resolve("valid.json"), CraftedModels.VALID)); // Jackson's first use
        for (Map.Entry<String, String[]> model : CraftedModels.all().entrySet()) {
            Path file = Files.writeString(dir.resolve(model.getKey() + ".json"), model.getValue()[0]);
            long before = thread.getCurrentThreadAllocatedBytes();
            UserException e = assertThrows(UserException.class, () -> ModelFile.load(file), model.getKey());
            long allocated = thread.getCurrentThreadAllocatedBytes() - before;
            assertTrue(e.getMessage().startsWith("model file " + file + " is not ") && !e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains(model.getValue()[1]), model.getKey() + ": " + e.getMessage());
            assertTrue(allocated < 4 << 20, model.getKey() + " allocated " + allocated / 1e6 + " MB");
        }
    }

    @Test
    void aFileLongerThanTheLimitAllowsIsRefusedFromItsLength() throws IOException {
        // The limit on parameters sets the limit on the file's length (64 bytes a number, and 2^20
        // more): at 1,000 parameters, 1,112,576 bytes. A valid model and spaces, just over.
        String padded = CraftedModels.VALID + " ".repeat(1_112_576 - CraftedModels.VALID.length() + 1);
        Path file = Files.writeString(dir.resolve("long.json"), padded);
        String message = withMaxParameters("1000", () -> assertThrows(UserException.class, () -> ModelFile.load(file)).getMessage());
        assertEquals("model file " + file + " is not a valid model: it is 1,112,577 bytes, more than a model of 1,000 weights"
                + " and biases takes (to load bigger networks, run with -Dnndl.max-parameters=N)", message);
        // One byte less is read (and the model in it is fine).
        Files.writeString(file, padded.substring(0, padded.length() - 1));
        assertEquals(3, withMaxParameters("1000", () -> ModelFile.load(file)).sizes().length);
    }

    @Test
    void theLimitOnParametersCanBeRaisedForBigNetworksAndIsCheckedItself() throws IOException {
        Path file = Files.writeString(dir.resolve("m.json"), CraftedModels.VALID);
        // [2,3,1] has (2+1)·3 + (3+1)·1 = 13 weights and biases.
        assertEquals(13, Network.parameters(2, 3, 1));
        assertEquals(2, withMaxParameters("13", () -> ModelFile.load(file)).layers().size());
        String message = withMaxParameters("12", () -> assertThrows(UserException.class, () -> ModelFile.load(file)).getMessage());
        assertTrue(message.contains("call for 13 weights and biases, more than the 12 nndl loads"), message);
        message = withMaxParameters("lots", () -> assertThrows(UserException.class, () -> ModelFile.load(file)).getMessage());
        assertEquals("-Dnndl.max-parameters=lots is not a positive whole number of parameters", message);
    }

    @Test
    void anEndlessDeviceIsNotAModel() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "a Unix /dev/zero");
        UserException e = assertThrows(UserException.class, () -> ModelFile.load(zero));
        assertEquals("model file /dev/zero is not valid JSON (line 1): give a model saved by nndl or network2.py", e.getMessage());
        e = assertThrows(UserException.class, () -> ModelFile.load(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    private static <T> T withMaxParameters(String value, java.util.function.Supplier<T> body) {
        String old = System.getProperty(ModelFile.MAX_PARAMETERS_PROPERTY);
        System.setProperty(ModelFile.MAX_PARAMETERS_PROPERTY, value);
        try {
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(ModelFile.MAX_PARAMETERS_PROPERTY);
            } else {
                System.setProperty(ModelFile.MAX_PARAMETERS_PROPERTY, old);
            }
        }
    }
}

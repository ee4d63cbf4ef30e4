package nndl.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nndl.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every crafted IDX file ({@link CraftedIdx}) is refused in one line before what its header
 * claims is allocated: reading each allocates under 2 MB (a raw file is measured against its
 * length, a gzip one read as its data comes), where the claims are 784 MB and 2 GB.
 */
class CraftedIdxTest {
    @TempDir
    Path dir;

    @Test
    void everyCraftedIdxFileIsRefusedBeforeWhatItsHeaderClaimsIsAllocated() throws IOException {
        com.sun.management.ThreadMXBean thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Object[]> idx : CraftedIdx.all().entrySet()) {
            Path file = Files.write(dir.resolve(idx.getKey()), (byte[]) idx.getValue()[0]);
            boolean labels = idx.getKey().startsWith("labels");
            long before = thread.getCurrentThreadAllocatedBytes();
            UserException e = assertThrows(UserException.class,
                    () -> {
                        if (labels) {
                            IdxFile.readLabels(file);
                        } else {
                            IdxFile.readImages(file);
                        }
                    }, idx.getKey());
            long allocated = thread.getCurrentThreadAllocatedBytes() - before;
            assertTrue(e.getMessage().startsWith("data file " + file + " is not a valid IDX file: ") && !e.getMessage().contains("\n"),
                    e.getMessage());
            assertTrue(e.getMessage().contains((String) idx.getValue()[1]), idx.getKey() + ": " + e.getMessage());
            assertTrue(allocated < 2 << 20, idx.getKey() + " allocated " + allocated / 1e6 + " MB");
        }
    }
}

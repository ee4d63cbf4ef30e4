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
 * length, a gzip one against the most its length can inflate to), where the claims are 784 MB
 * and 2 GB; a gzip file of incompressible data, which could hold what it claims, under 66 MB.
 */
class CraftedIdxTest {
    @TempDir
    Path dir;

    @Test
    void aGzipFileOfMoreThanTheFirstReadIsReadWhole() throws IOException {
        // 70 million labels (70 MB, compressed to 70 KB): read into 64 MB, then grown to 70 MB as the rest comes.
        byte[] labels = new byte[70_000_000];
        labels[labels.length - 1] = 9;
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(8 + labels.length).putInt(IdxFile.LABELS_MAGIC).putInt(labels.length).put(labels);
        Path file = Files.write(dir.resolve("labels.gz"), IdxFileTest.gzip(raw.array()));
        byte[] read = IdxFile.readLabels(file);
        assertTrue(java.util.Arrays.equals(labels, read), "the same 70,000,000 labels");
    }

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
            // Incompressible data could inflate to what the header claims: read into 64 MB at first.
            long most = idx.getKey().contains("noise") ? 66 << 20 : 2 << 20;
            assertTrue(allocated < most, idx.getKey() + " allocated " + allocated / 1e6 + " MB");
        }
    }
}

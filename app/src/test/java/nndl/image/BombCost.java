package nndl.image;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What preparing each of some image files costs, one line per file: the CPU time of the thread,
 * the bytes it allocated, the peak of the heap above what it held before, and what came out (a
 * digit prepared, or the one-line refusal, or the error). Not a test: a measurement, run in a
 * fresh JVM per file so that one file's garbage or a crash does not touch the next:
 *
 * <pre>
 * java -cp app/target/test-classes nndl.image.ImageBombs /tmp/bombs
 * for f in /tmp/bombs/*; do java -Xmx1g -XX:+UseSerialGC -cp app/target/nndl.jar:app/target/test-classes nndl.image.BombCost $f; done
 * </pre>
 */
public final class BombCost {
    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String name : args) {
            Path file = Path.of(name);
            byte[] bytes = Files.readAllBytes(file);
            System.gc();
            long before = heapUsed();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            String outcome;
            try {
                DigitPreprocessor.prepare(bytes, file.getFileName().toString());
                outcome = "prepared";
            } catch (nndl.UserException e) {
                outcome = "refused: " + e.getMessage();
            } catch (Throwable e) {
                outcome = "ERROR " + e;
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "%-34s %10d bytes  cpu %8.1f ms  allocated %7.1f MB  peak heap +%7.1f MB  %s%n",
                    file.getFileName(), bytes.length, cpu / 1e6, allocated / 1e6, (peak - before) / 1e6, outcome);
        }
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}

package nndl.web;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body as it arrives, without holding a thread while the client is slow, within
 * three limits: its size (413 past {@code limit} bytes, whether its length was announced or not),
 * its time (408 when it is not all there {@link Limits#body()} after the head), and the bytes of
 * all bodies held at once by the server (503 past {@link Limits#bodyBytes()}, so that many large
 * uploads at once cannot exhaust the memory).
 *
 * <p>Before a 413 or a 503, up to {@link DigitServer#SWALLOW} bytes of the body are read and
 * dropped (nothing is kept), so that a client still sending can read the answer: a connection
 * closed with data unread is reset, and the answer lost. A body announced larger than that is
 * refused at once.
 */
final class Body implements Runnable {
    private final Request request;
    private final int limit;
    private final String tooLarge;
    private final Budget budget;
    private final Consumer<byte[]> then;
    private final Consumer<HttpError> refuse;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Scheduler.Task timer;
    private byte[] bytes;
    private int size;
    /** The answer once the bytes still to drop are dropped, or null while the body is being kept. */
    private HttpError refusal;
    /** Bytes still to drop before {@link #refusal}. */
    private long dropping;
    /** Bytes reserved in the budget for this body (guarded by this). */
    private long reserved;
    /** Whether the body has been given up for good: nothing more is reserved (guarded by this). */
    private boolean released;

    /** The bytes of bodies held at once, all requests together. */
    static final class Budget {
        private final long capacity;
        private final AtomicLong used = new AtomicLong();

        Budget(long capacity) {
            this.capacity = capacity;
        }

        boolean reserve(long n) {
            for (long u = used.get(); ; u = used.get()) {
                if (u + n > capacity) {
                    return false;
                }
                if (used.compareAndSet(u, u + n)) {
                    return true;
                }
            }
        }

        void release(long n) {
            used.addAndGet(-n);
        }

        long used() {
            return used.get();
        }
    }

    /**
     * A body to read (by {@link #start()}), then to give to {@code then}, or a refusal to {@code refuse} (413 with
     * the message {@code tooLarge}, 408 or 503). Each is called at most once, on one of Jetty's threads or on its
     * scheduler's. The body's bytes count against the budget until {@link #release()}.
     */
    Body(Request request, int limit, String tooLarge, Budget budget, Duration time, Scheduler scheduler,
         Consumer<byte[]> then, Consumer<HttpError> refuse) {
        this.request = request;
        this.limit = limit;
        this.tooLarge = tooLarge;
        this.budget = budget;
        this.then = then;
        this.refuse = refuse;
        this.timer = scheduler.schedule(() -> refuse(new HttpError(408, "the request body did not arrive within "
                + time.toSeconds() + " s: send it again, all at once")), time.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts reading: {@code then} or {@code refuse} may be called before this returns. */
    void start() {
        long announced = request.getLength();
        if (announced > limit + (long) DigitServer.SWALLOW) {
            refuse(new HttpError(413, tooLarge));
            return;
        }
        if (announced > limit) {
            drop(announced, new HttpError(413, tooLarge));
        } else {
            int initial = announced >= 0 ? (int) announced : Math.min(limit, 8192);
            if (reserve(initial)) {
                bytes = new byte[initial];
            } else {
                drop(announced >= 0 ? announced : DigitServer.SWALLOW, busy());
            }
        }
        run();
    }

    /** Takes what has arrived, and asks to be called again when more does. */
    @Override
    public void run() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                // An idle timeout (Jetty's transient failure), or a client gone or a broken body: answered all
                // the same, so that the request ends and its bytes go back to the budget (to a client gone,
                // the answer fails to be written, which ends it too).
                refuse(chunk.isLast()
                        ? new HttpError(400, "the request body was cut off: " + chunk.getFailure().getMessage())
                        : new HttpError(408, "the request body stopped arriving: send it again, all at once"));
                return;
            }
            boolean last = chunk.isLast();
            ByteBuffer b = chunk.getByteBuffer();
            int n = b.remaining();
            if (refusal == null && size + n > limit) {
                drop(DigitServer.SWALLOW, new HttpError(413, tooLarge));
            } else if (refusal == null && size + n > bytes.length) {
                int grown = (int) Math.min(limit, Math.max(size + n, 2L * bytes.length));
                if (reserve(grown - bytes.length)) {
                    bytes = Arrays.copyOf(bytes, grown);
                } else {
                    drop(DigitServer.SWALLOW, busy());
                }
            }
            if (refusal != null) {
                dropping -= n;
                chunk.release();
                if (last || dropping <= 0) {
                    refuse(refusal);
                    return;
                }
                continue;
            }
            b.get(bytes, size, n);
            size += n;
            chunk.release();
            if (last) {
                if (finish()) {
                    then.accept(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
                }
                return;
            }
        }
    }

    /** Gives the body's bytes back to the budget, for good: call it once the body is no longer needed. */
    void release() {
        synchronized (this) {
            released = true;
        }
        giveBack();
    }

    /** From now on, drops up to {@code n} bytes, then answers {@code answer}. */
    private void drop(long n, HttpError answer) {
        refusal = answer;
        dropping = n;
        bytes = null;
        giveBack();
    }

    private void giveBack() {
        long r;
        synchronized (this) {
            r = reserved;
            reserved = 0;
        }
        budget.release(r);
    }

    private boolean reserve(long n) {
        synchronized (this) {
            if (released || !budget.reserve(n)) {
                return false;
            }
            reserved += n;
            return true;
        }
    }

    private static HttpError busy() {
        return new HttpError(503, "the server is receiving too many large bodies at once: try again in a moment");
    }

    private boolean finish() {
        if (finished.compareAndSet(false, true)) {
            timer.cancel();
            return true;
        }
        return false;
    }

    private void refuse(HttpError e) {
        if (finish()) {
            refuse.accept(e);
        }
    }
}

package nndl.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of an HTTP response, collected in memory. It refuses more than {@code maxBytes} and
 * remembers when data last arrived, so that a transfer that stalls can be given up.
 */
final class ResponseBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile long lastProgress = System.nanoTime();
    private Flow.Subscription subscription;

    ResponseBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Nanoseconds since the request started or data last arrived. */
    long idleNanos() {
        return System.nanoTime() - lastProgress;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        lastProgress = System.nanoTime();
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new IOException("more than " + maxBytes + " bytes: not an MNIST file"));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
        lastProgress = System.nanoTime();
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}

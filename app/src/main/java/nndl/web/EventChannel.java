package nndl.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Server-Sent Events to every page listening at one path: the way the server streams what happens
 * (say, a training run's progress) to the page, which reads the stream with the browser's
 * {@code EventSource}. On the server:
 *
 * <pre>
 * EventChannel progress = server.events("/api/train/events");
 * progress.publish("epoch", Map.of("epoch", 3, "accuracy", 0.9512));   // from any thread, never blocks
 * </pre>
 *
 * and in the page:
 *
 * <pre>
 * const events = new EventSource('/api/train/events');
 * events.addEventListener('epoch', e =&gt; draw(JSON.parse(e.data)));
 * </pre>
 *
 * <p>Each event goes out as {@code id: N}, {@code event: NAME} and {@code data: JSON} lines. Every
 * page has a queue of its own, written one event at a time without holding a thread. A page that
 * does not keep up (over {@link #QUEUED} bytes waiting, or one event not taken within
 * {@link Limits#write()}) is disconnected; its {@code EventSource} reconnects by itself, and what
 * was published meanwhile is not sent again (the ids show the gap). A quiet stream gets a comment
 * every {@link Limits#heartbeat()}, so that the connection's idle timeout leaves it open, and a page
 * that has gone away is noticed.
 */
public final class EventChannel {
    /** The most bytes waiting for one page before it is disconnected: 4 MB. */
    static final int QUEUED = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteBuffer HEARTBEAT = ByteBuffer.wrap(":\n\n".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    /** Sent first: how long a page waits before reconnecting, in ms. */
    private static final ByteBuffer OPENING = ByteBuffer.wrap("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Limits limits;
    private final Scheduler scheduler;
    private long nextId;
    private volatile boolean closed;

    EventChannel(Limits limits, Scheduler scheduler) {
        this.limits = limits;
        this.scheduler = scheduler;
        scheduler.schedule(this::heartbeat, limits.heartbeat().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Sends an event to every page listening now.
     *
     * @param event the event's name (what the page's {@code addEventListener} names): letters, digits, '-' or '_'
     * @param data  anything Jackson writes as JSON (a map, a record, a JsonNode, a number...)
     */
    public void publish(String event, Object data) {
        if (!event.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("an event name is letters, digits, '-' and '_', not '" + event + "'");
        }
        String json;
        try {
            json = JSON.writeValueAsString(data); // one line: Jackson escapes line breaks inside strings
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the event's data as JSON: " + e.getOriginalMessage(), e);
        }
        synchronized (this) { // every page gets the events in the order of their ids
            ByteBuffer frame = ByteBuffer.wrap(("id: " + nextId++ + "\nevent: " + event + "\ndata: " + json + "\n\n")
                    .getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
            for (Stream s : streams) {
                s.offer(frame);
            }
        }
    }

    /** The pages listening now. */
    public int listeners() {
        return streams.size();
    }

    /** Answers a request for the stream: the answer goes on until the page leaves or the channel closes. */
    void open(Request request, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "text/event-stream; charset=utf-8");
        response.getHeaders().put("Cache-Control", "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Stream s = new Stream(request, response, callback);
        streams.add(s);
        s.offer(OPENING);
        if (closed) {
            s.end();
        }
    }

    /** Ends every stream (the pages' EventSources will try to reconnect); publishing afterwards sends nothing. */
    void close() {
        closed = true;
        for (Stream s : streams) {
            s.end();
        }
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        for (Stream s : streams) {
            s.offer(HEARTBEAT);
        }
        scheduler.schedule(this::heartbeat, limits.heartbeat().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One page's stream: its queue, written one frame at a time. */
    private final class Stream extends IteratingCallback {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
        private long queued;
        private boolean ending;
        private Scheduler.Task timer;

        Stream(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void offer(ByteBuffer frame) {
            boolean tooSlow;
            synchronized (this) {
                if (ending) {
                    return;
                }
                tooSlow = queued + frame.remaining() > QUEUED;
                if (!tooSlow) {
                    queue.add(frame.duplicate());
                    queued += frame.remaining();
                }
            }
            if (tooSlow) {
                drop(new IOException("the page took over " + QUEUED + " bytes of events too slowly"));
            } else {
                iterate();
            }
        }

        void end() {
            synchronized (this) {
                ending = true;
            }
            iterate();
        }

        @Override
        protected Action process() {
            ByteBuffer next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    return ending ? Action.SUCCEEDED : Action.IDLE;
                }
                queued -= next.remaining();
            }
            Scheduler.Task t = scheduler.schedule(() -> drop(new TimeoutException("the page took no event for "
                    + limits.write().toSeconds() + " s")), limits.write().toNanos(), TimeUnit.NANOSECONDS);
            synchronized (this) {
                timer = t;
            }
            response.write(false, next, this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onSuccess() {
            cancelTimer();
        }

        @Override
        protected void onCompleteSuccess() {
            streams.remove(this);
            response.write(true, ByteBuffer.allocate(0), callback);
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            cancelTimer();
            streams.remove(this);
            callback.failed(cause);
        }

        /** Disconnects the page: closing its connection fails the write in progress, if any, and ends the stream. */
        private void drop(Throwable cause) {
            synchronized (this) {
                ending = true;
                queue.clear();
            }
            request.getConnectionMetaData().getConnection().getEndPoint().close(cause);
            abort(cause);
        }

        private void cancelTimer() {
            Scheduler.Task t;
            synchronized (this) {
                t = timer;
                timer = null;
            }
            if (t != null) {
                t.cancel();
            }
        }
    }
}

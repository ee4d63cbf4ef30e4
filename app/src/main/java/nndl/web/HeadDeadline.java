package nndl.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request head (the request line and headers) is still arriving
 * {@link Limits#head()} after its first byte was seen. A "slowloris" client sends a byte of
 * header every few seconds, which an idle timeout never catches, to hold connections open.
 *
 * <p>Jetty reads heads without holding a thread, so such a client costs a connection, not a
 * worker; this deadline gives the connection back. It counts each connection's bytes: bytes that
 * arrive while none of the connection's requests is being handled are the head of its next
 * request, not yet complete (the server hands a request over as soon as its head is). Every
 * connection is looked at ten times per limit, so a head is cut between 1 and 1.1 limits after
 * its first byte.
 */
final class HeadDeadline implements Connection.Listener {
    private final ConcurrentHashMap<Connection, Watch> watched = new ConcurrentHashMap<>();
    private final long limit;
    private final long period;
    private final Scheduler scheduler;
    private volatile boolean stopped;

    /** One connection's state, guarded by itself. */
    private static final class Watch {
        /** Requests of the connection being handled now. */
        int handling;
        /** The connection's byte count when its last request was handed over or answered. */
        long bytesAtRest;
        /** When bytes beyond that were first seen (System.nanoTime), or -1. */
        long since = -1;
    }

    HeadDeadline(Duration limit, Scheduler scheduler) {
        this.limit = limit.toNanos();
        this.period = Math.max(1, this.limit / 10);
        this.scheduler = scheduler;
    }

    /** Starts looking at the connections. */
    void start() {
        scheduler.schedule(this::sweep, period, TimeUnit.NANOSECONDS);
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void onOpened(Connection connection) {
        watched.put(connection, new Watch());
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
    }

    /** A request of this connection has been handed over: its head is complete. */
    void handling(Connection connection) {
        Watch w = watched.get(connection);
        if (w != null) {
            synchronized (w) {
                w.handling++;
                w.since = -1;
            }
        }
    }

    /** A request of this connection has been answered (or given up): bytes from now on are the next head. */
    void handled(Connection connection) {
        Watch w = watched.get(connection);
        if (w != null) {
            synchronized (w) {
                w.handling--;
                w.bytesAtRest = connection.getBytesIn();
                w.since = -1;
            }
        }
    }

    private void sweep() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        watched.forEach((connection, w) -> {
            boolean late;
            synchronized (w) {
                if (w.handling > 0 || connection.getBytesIn() <= w.bytesAtRest) {
                    w.since = -1;
                    return;
                }
                if (w.since < 0) {
                    w.since = now;
                }
                late = now - w.since >= limit;
            }
            if (late) {
                connection.getEndPoint().close(new TimeoutException("the request head took over "
                        + TimeUnit.NANOSECONDS.toMillis(limit) + " ms"));
            }
        });
        scheduler.schedule(this::sweep, period, TimeUnit.NANOSECONDS);
    }
}

package nndl.web;

import java.time.Duration;

/**
 * What {@code serve} grants one client, so that no client, slow or greedy, can starve the others.
 *
 * @param connections   open connections at most; beyond it the server stops accepting until some close,
 *                      and cuts idle ones after {@code crowdedIdle} instead of {@code idle}
 * @param idle          a connection on which nothing moves (no byte read or written) for this long is closed
 * @param crowdedIdle   the same while {@code connections} are open
 * @param head          a request's head (request line and headers) must arrive within this time of its first byte
 * @param body          a request's body must arrive within this time of its head
 * @param write         an answer must be taken by the client within this time (each event of a stream, likewise)
 * @param imageThreads  images decoded at once (on threads of their own, so that JSON requests and the page
 *                      never wait behind an image)
 * @param imageQueue    images waiting to be decoded at most; beyond it a request is refused with 503
 * @param bodyBytes     bytes of request bodies held at once, all clients together; beyond it 503
 * @param heartbeat     an idle event stream gets a comment this often, so that it is not idle
 */
public record Limits(int connections, Duration idle, Duration crowdedIdle, Duration head, Duration body, Duration write,
                     int imageThreads, int imageQueue, long bodyBytes, Duration heartbeat) {
    /**
     * serve's limits: 256 connections, 30 s idle (2 s when crowded), 10 s for a request's head, 30 s for a
     * body (a 5 MB photo at 170 kB/s), 30 s to write an answer, one image thread per core with 32 waiting,
     * 64 MB of bodies, a heartbeat every 10 s.
     */
    public static final Limits DEFAULT = new Limits(256, Duration.ofSeconds(30), Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
            Math.max(1, Runtime.getRuntime().availableProcessors()), 32, 64L << 20, Duration.ofSeconds(10));

    public Limits {
        if (connections < 2 || imageThreads < 1 || imageQueue < 1 || bodyBytes < DigitServer.MAX_BODY) {
            throw new IllegalArgumentException("limits too small: " + connections + " connections, " + imageThreads
                    + " image threads, " + imageQueue + " queued, " + bodyBytes + " body bytes");
        }
        for (Duration d : new Duration[] {idle, crowdedIdle, head, body, write, heartbeat}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every time limit must be positive: " + this);
            }
        }
        if (heartbeat.compareTo(idle) >= 0) {
            throw new IllegalArgumentException("the heartbeat must come before the idle timeout: " + this);
        }
    }

    /** The same limits with other times. */
    public Limits withTimes(Duration idle, Duration head, Duration body, Duration write) {
        return new Limits(connections, idle, crowdedIdle, head, body, write, imageThreads, imageQueue, bodyBytes, heartbeat);
    }

    /** The same limits with another bound on connections, and the idle time that applies when it is reached. */
    public Limits withConnections(int connections, Duration crowdedIdle) {
        return new Limits(connections, idle, crowdedIdle, head, body, write, imageThreads, imageQueue, bodyBytes, heartbeat);
    }

    /** The same limits with another heartbeat. */
    public Limits withHeartbeat(Duration heartbeat) {
        return new Limits(connections, idle, crowdedIdle, head, body, write, imageThreads, imageQueue, bodyBytes, heartbeat);
    }
}

package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What serve says about where it listens, for addresses given as they would be bound (nothing is
 * bound here: the tests listen on 127.0.0.1 only).
 */
class ServeWarningTest {
    @Test
    void theLoopbackAddressesNeedNoWarning() throws UnknownHostException {
        for (String host : List.of("127.0.0.1", "127.0.0.2", "::1")) {
            InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName(host), 8080);
            assertNull(ServeCommand.warning(bound, List.of(InetAddress.getByName("10.1.2.3"))), host);
        }
        assertEquals("http://127.0.0.1:8080/", ServeCommand.where(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)));
        assertEquals("http://[0:0:0:0:0:0:0:1]:8080/", ServeCommand.where(new InetSocketAddress(InetAddress.getByName("::1"), 8080)));
    }

    @Test
    void everyInterfaceIsNamedWithTheMachinesAddressesAndWarned() throws UnknownHostException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8080);
        List<InetAddress> own = List.of(InetAddress.getByName("10.1.2.3"), InetAddress.getByName("192.168.0.7"));
        assertEquals("nndl: warning: listening on 0.0.0.0:8080 (every network interface), so anyone who can reach this"
                + " machine (at 10.1.2.3, 192.168.0.7) can use the page and its API, with no password;"
                + " --host 127.0.0.1 keeps it to this machine", ServeCommand.warning(any, own));
        assertEquals("http://127.0.0.1:8080/ on this machine, and on every network interface (0.0.0.0:8080)", ServeCommand.where(any));
        InetSocketAddress any6 = new InetSocketAddress(InetAddress.getByName("::"), 8080);
        assertEquals("nndl: warning: listening on [0:0:0:0:0:0:0:0]:8080 (every network interface), so anyone who can reach"
                + " this machine can use the page and its API, with no password; --host 127.0.0.1 keeps it to this machine",
                ServeCommand.warning(any6, List.of()));
    }

    @Test
    void oneOtherAddressIsNamedAndWarned() throws UnknownHostException {
        InetSocketAddress lan = new InetSocketAddress(InetAddress.getByName("192.168.0.7"), 18080);
        assertEquals("nndl: warning: listening on 192.168.0.7:18080, so anyone who can reach 192.168.0.7 can use the page"
                + " and its API, with no password; --host 127.0.0.1 keeps it to this machine", ServeCommand.warning(lan, List.of()));
        assertEquals("http://192.168.0.7:18080/", ServeCommand.where(lan));
    }
}

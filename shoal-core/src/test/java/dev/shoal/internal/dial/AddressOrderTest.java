package dev.shoal.internal.dial;

import dev.shoal.DnsConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which addresses are tried, and in what order: RFC 8305's interleaving and curl's overrides. */
class AddressOrderTest {

    private static List<InetAddress> ips(String... literals) throws UnknownHostException {
        List<InetAddress> list = new ArrayList<>();
        for (String l : literals) {
            list.add(InetAddress.getByName(l));
        }
        return list;
    }

    @Test
    void familiesAlternateStartingWithIpv6() throws UnknownHostException {
        assertEquals(ips("::1", "10.0.0.1", "::2", "10.0.0.2", "10.0.0.3"),
                AddressOrder.interleave(ips("10.0.0.1", "10.0.0.2", "::1", "10.0.0.3", "::2")));
    }

    @Test
    void oneFamilyKeepsItsOrderAndDuplicatesGo() throws UnknownHostException {
        assertEquals(ips("10.0.0.2", "10.0.0.1"), AddressOrder.interleave(ips("10.0.0.2", "10.0.0.1", "10.0.0.2")));
        assertEquals(ips("::1"), AddressOrder.interleave(ips("::1")));
    }

    @Test
    void connectToThenResolveDecideWhereAConnectionGoes() throws UnknownHostException {
        DnsConfig config = new DnsConfig(List.of(), 16, java.time.Duration.ofSeconds(1), 1,
                List.of(DnsConfig.Resolve.of("b.test", 8080, "127.0.0.9"), DnsConfig.Resolve.of("*", 443, "127.0.0.8")),
                List.of(new DnsConfig.ConnectTo("a.test", 80, "b.test", 8080), new DnsConfig.ConnectTo(null, 81, null, 82)));
        Destinations d = new Destinations(config);
        assertEquals(new Destinations.Target("b.test", 8080), d.target("a.test", 80));
        assertEquals(new Destinations.Target("a.test", 82), d.target("a.test", 81));
        assertEquals(new Destinations.Target("a.test", 90), d.target("a.test", 90));
        assertEquals(ips("127.0.0.9"), d.pinned("b.test", 8080));
        assertEquals(ips("127.0.0.8"), d.pinned("anything.test", 443));
        assertNull(d.pinned("b.test", 80));
    }
}

package dev.shoal.cli.fetch;

import dev.shoal.DnsConfig;
import dev.shoal.Shoal;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curl's --resolve, --connect-to and --dns-servers values, parsed as curl reads them. */
class NameOptionsTest {

    private static DnsConfig dns(Shoal.Builder b) {
        return b.config().dns();
    }

    @Test
    void resolveTakesSeveralAddressesAndIpv6InBrackets() throws UnknownHostException {
        Shoal.Builder b = Shoal.builder();
        NameOptions.resolve(b, "Example.com:443:[::1],127.0.0.1");
        NameOptions.resolve(b, "+*:80:10.0.0.1");
        DnsConfig.Resolve first = dns(b).resolve().get(0);
        assertEquals("example.com", first.host());
        assertEquals(443, first.port());
        assertEquals(List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")), first.addresses());
        assertTrue(dns(b).resolve().get(1).matches("any.test", 80));
    }

    @Test
    void resolveRefusesWhatItCannotUse() {
        for (String bad : new String[] {"example.com:443", "example.com:x:127.0.0.1", "example.com:443:not-an-ip",
                "-example.com:443", ":443:127.0.0.1", "example.com:70000:127.0.0.1"}) {
            assertThrows(IllegalArgumentException.class, () -> NameOptions.resolve(Shoal.builder(), bad), bad);
        }
    }

    @Test
    void connectToPartsMayBeEmptyAndIpv6Bracketed() {
        Shoal.Builder b = Shoal.builder();
        NameOptions.connectTo(b, "example.com:443:[::1]:8443");
        NameOptions.connectTo(b, "::other.test:");
        assertEquals(new DnsConfig.ConnectTo("example.com", 443, "::1", 8443), dns(b).connectTo().get(0));
        assertEquals(new DnsConfig.ConnectTo(null, 0, "other.test", 0), dns(b).connectTo().get(1));
        assertThrows(IllegalArgumentException.class, () -> NameOptions.connectTo(Shoal.builder(), "a:1:b"));
        assertThrows(IllegalArgumentException.class, () -> NameOptions.connectTo(Shoal.builder(), "a:x:b:2"));
    }

    @Test
    void dnsServersTakeOptionalPorts() throws UnknownHostException {
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 53),
                        new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 5353),
                        new InetSocketAddress(InetAddress.getByName("::1"), 53),
                        new InetSocketAddress(InetAddress.getByName("::1"), 5300)),
                NameOptions.dnsServers("127.0.0.1,127.0.0.2:5353,::1,[::1]:5300"));
        assertThrows(IllegalArgumentException.class, () -> NameOptions.dnsServers("dns.example"));
        assertThrows(IllegalArgumentException.class, () -> NameOptions.dnsServers("127.0.0.1:0"));
    }
}

package dev.shoal.internal.dns;

import dev.shoal.DnsConfig;
import dev.shoal.testkit.DnsServer;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver against a DNS server of our own, the only one it asks: lost packets, NXDOMAIN, TTL, the cap. */
@Timeout(60)
class DnsClientTest {
    private final DnsServer server = DnsServer.start();
    private final List<DnsClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(DnsClient::close);
        server.close();
    }

    private DnsClient client(int maxQueries, int attempts) {
        DnsConfig config = new DnsConfig(List.of(server.address()), maxQueries, Duration.ofMillis(500), attempts, List.of(), List.of());
        DnsClient c = new DnsClient(config, NioIoHandler.newFactory(), NioDatagramChannel.class, NioSocketChannel::new);
        clients.add(c);
        return c;
    }

    private static Throwable failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return e.getCause();
    }

    @Test
    void aLostQueryIsSentAgain() {
        server.add("a.test", Duration.ofSeconds(60), "127.0.0.1").dropFirstQuery(true);
        List<InetAddress> addresses = client(16, 3).resolve("a.test").join();
        assertEquals("127.0.0.1", addresses.get(0).getHostAddress());
        assertTrue(server.queries("a.test") >= 2, "queries: " + server.queries("a.test"));
    }

    @Test
    void aNameLostOnceIsNotCachedAsMissing() {
        server.add("b.test", Duration.ofSeconds(60), "127.0.0.1").dropFirstQuery(true);
        DnsClient dns = client(16, 1);  // one attempt: the first resolve fails on the lost query
        Throwable first = failure(dns.resolve("b.test"));
        assertInstanceOf(UnknownHostException.class, first);
        assertTrue(first.getMessage().contains("no answer"), first.getMessage());
        assertEquals("127.0.0.1", dns.resolve("b.test").join().get(0).getHostAddress());
    }

    @Test
    void aNameWithOnlyIpv6AddressesResolves() {
        // on a machine whose only IPv6 addresses are loopback and link-local, Netty's default asks A alone
        server.add("six.test", Duration.ofSeconds(60), "::1");
        assertEquals(List.of("0:0:0:0:0:0:0:1"), client(16, 3).resolve("six.test").join().stream().map(InetAddress::getHostAddress).toList());
    }

    @Test
    void bothFamiliesOfANameAreGiven() {
        server.add("dual.test", Duration.ofSeconds(60), "127.0.0.1", "::1");
        List<InetAddress> addresses = client(16, 3).resolve("dual.test").join();
        assertEquals(2, addresses.size(), addresses.toString());
    }

    @Test
    void bothFamiliesAreAskedWhateverTheMachinesInterfaces() {
        assertEquals(List.of(ResolvedAddressTypes.IPV4_ONLY, ResolvedAddressTypes.IPV6_ONLY), client(16, 3).familiesAsked());
    }

    @Test
    void aLostQueryOfOneFamilyIsSentAgainToo() {
        // Netty's resolve of both families ends when one answers: the lost A query would leave ::1 alone, cached
        server.add("lossy.test", Duration.ofSeconds(60), "127.0.0.1", "::1").dropFirstQuery("A");
        List<InetAddress> addresses = client(16, 3).resolve("lossy.test").join();
        assertEquals(2, addresses.size(), addresses.toString());
    }

    @Test
    void aFamilyWithoutAddressesDoesNotHideTheOther() {
        server.add("four.test", Duration.ofSeconds(60), "127.0.0.1");
        server.add("six.test", Duration.ofSeconds(60), "::1");
        DnsClient dns = client(16, 3);
        assertEquals("127.0.0.1", dns.resolve("four.test").join().get(0).getHostAddress());
        assertEquals(1, dns.resolve("six.test").join().size());
        assertEquals(0, dns.permitsInUse());
    }

    @Test
    void nxdomainIsCachedAndFailsFast() {
        server.nxdomain("gone.test");
        DnsClient dns = client(16, 3);
        assertInstanceOf(NoSuchHostException.class, failure(dns.resolve("gone.test")));
        int asked = server.queries("gone.test");
        assertTrue(asked >= 1);
        long start = System.nanoTime();
        assertInstanceOf(NoSuchHostException.class, failure(dns.resolve("gone.test")));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));  // no query: the first wait would be 1 s
        assertEquals(asked, server.queries("gone.test"), "the second resolve asked the server again");
    }

    @Test
    void servfailIsAskedAgainAndNotCached() {
        server.servfail("broken.test");
        DnsClient dns = client(16, 2);
        Throwable e = failure(dns.resolve("broken.test"));
        assertTrue(e.getMessage().contains("SERVFAIL) 2 times"), e.getMessage());
        int asked = server.queries("broken.test");
        failure(dns.resolve("broken.test"));
        assertTrue(server.queries("broken.test") > asked, "a SERVFAIL was cached");
    }

    @Test
    void answersAreCachedForTheirTtl() throws InterruptedException {
        server.add("short.test", Duration.ofSeconds(1), "127.0.0.1");
        DnsClient dns = client(16, 3);
        dns.resolve("short.test").join();
        int asked = server.queries("short.test");
        dns.resolve("short.test").join();
        assertEquals(asked, server.queries("short.test"), "asked again within the TTL");
        Thread.sleep(1300);
        dns.resolve("short.test").join();
        assertTrue(server.queries("short.test") > asked, "not asked again after the TTL");
    }

    @Test
    void queriesInFlightStayUnderTheCap() {
        server.addSuffix(".test", Duration.ofSeconds(60), "127.0.0.1").delay(Duration.ofMillis(50));
        DnsClient dns = client(8, 3);
        List<CompletableFuture<List<InetAddress>>> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(dns.resolve("n" + i + ".test"));
        }
        all.forEach(CompletableFuture::join);
        assertTrue(server.maxConcurrent() <= 8, "queries held at once: " + server.maxConcurrent());
        assertTrue(server.maxConcurrent() >= 4, "queries held at once: " + server.maxConcurrent());
        assertEquals(0, dns.permitsInUse());
    }

    @Test
    void requestsForANameBeingResolvedShareOneResolve() {
        server.add("busy.test", Duration.ofSeconds(60), "127.0.0.1").delay(Duration.ofMillis(100));
        DnsClient dns = client(16, 3);
        List<CompletableFuture<List<InetAddress>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(dns.resolve("busy.test"));
        }
        all.forEach(CompletableFuture::join);
        assertTrue(server.queries("busy.test") <= 2, "queries: " + server.queries("busy.test"));
    }
}

package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostTableTest {

    @Test
    void everyHostIsExactBelowCapacity() {
        HostTable table = new HostTable(10);
        for (int i = 0; i < 30; i++) {
            table.record("h" + (i % 3), i % 2 == 0 ? Outcome.OK : Outcome.FAILED, 1_000L * (i + 1));
        }
        List<HostStats> hosts = table.byRows();
        assertEquals(3, hosts.size());
        assertFalse(table.overflowed());
        assertEquals(0, table.other().rows());
        for (HostStats host : hosts) {
            assertEquals(10, host.rows());
            assertFalse(host.partial());
        }
        HostStats h0 = hosts.get(0);
        assertEquals("h0", h0.host());
        assertEquals(5, h0.count(Outcome.OK));
        assertEquals(28, h0.latencies().maxMs());
    }

    @Test
    void keepsTheHeavyHittersAmongManyHostsAndCountsTheRestAsOther() {
        HostTable table = new HostTable(10);
        int rows = 20_000;
        int medium = 0;
        for (int i = 0; i < rows; i++) {
            // A third of the rows go to a busy host, more than a tenth to a medium one; the rest are all different.
            String host = i % 3 == 0 ? "busy" : i % 5 == 1 ? "medium" : "once-" + i;
            medium += host.equals("medium") ? 1 : 0;
            table.record(host, Outcome.OK, 1_000);
        }
        List<HostStats> hosts = table.byRows();
        assertTrue(hosts.size() <= 10);
        assertTrue(table.overflowed());
        assertEquals("busy", hosts.get(0).host());
        assertEquals(6_667, hosts.get(0).rows());
        assertFalse(hosts.get(0).partial());
        // Above rows/capacity a host is guaranteed to be kept, with an estimate that never undercounts;
        // it may have been evicted once early on, losing a few rows to "other".
        assertEquals("medium", hosts.get(1).host());
        assertTrue(hosts.get(1).estimate() >= medium);
        assertTrue(hosts.get(1).rows() > medium * 0.95, hosts.get(1).rows() + " of " + medium);
        long counted = table.other().rows();
        for (HostStats host : hosts) {
            counted += host.rows();
        }
        assertEquals(rows, counted);
    }
}

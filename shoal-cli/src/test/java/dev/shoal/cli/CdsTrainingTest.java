package dev.shoal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class-data-sharing training run's TLS fetch works, so the archive it lists holds the TLS and DNS classes. */
class CdsTrainingTest {
    @Test
    @Timeout(60)
    void theFetchOverTlsFromANameResolvedByDnsGetsItsResponse() {
        assertTrue(CdsTraining.fetchOverTls());
    }
}

package dev.shoal.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShoalFlinkConfigTest {

    @Test
    void flinkCapacityIsTheClientsInFlightBound() {
        ShoalFlinkConfig config = ShoalFlinkConfig.of(b -> b.maxInFlight(48));
        assertEquals(48, config.capacity());
    }

    @Test
    void eachTaskClientHasOneIoThreadUnlessTold() {
        assertEquals(1, ShoalFlinkConfig.of(b -> b).client().ioThreads());
        assertEquals(3, ShoalFlinkConfig.of(b -> b.ioThreads(3)).client().ioThreads());
    }

    @Test
    void flinkTimeoutIsABackstopCoveringTheWaitForHostPermits() {
        // 64 in flight over 16 per host: up to 4 rounds of one 10 s deadline, plus one second of slack
        ShoalFlinkConfig config = ShoalFlinkConfig.of(b -> b.maxInFlight(64).maxPerHost(16).deadline(Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(41), config.asyncTimeout());

        ShoalFlinkConfig roomy = ShoalFlinkConfig.of(b -> b.maxInFlight(8).maxPerHost(64).deadline(Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(11), roomy.asyncTimeout());
    }

    @Test
    void flinkTimeoutAlsoCoversTheWaitForRateTokens() {
        // 20 in flight at 10 requests/s per host: the last starts after 2 s
        ShoalFlinkConfig config = ShoalFlinkConfig.of(b -> b.maxInFlight(20).maxPerHost(20).ratePerHost(10)
                .deadline(Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(8), config.asyncTimeout());
    }

    @Test
    void noDeadlineMeansNoFlinkTimeout() {
        assertEquals(Duration.ZERO, ShoalFlinkConfig.of(b -> b.deadline(Duration.ZERO)).asyncTimeout());
    }

    @Test
    void invalidSettingsFailWhenTheJobIsBuilt() {
        assertThrows(IllegalArgumentException.class, () -> ShoalFlinkConfig.of(b -> b.maxInFlight(0)));
    }

    @Test
    void theConfigSurvivesShippingToTaskManagers() throws Exception {
        ShoalFlinkConfig config = ShoalFlinkConfig.of(b -> b.maxInFlight(12).maxPerHost(3)).hashingBodies();

        ShoalFlinkConfig shipped = InstantiationUtil.clone(config);

        assertEquals(config.client().maxInFlight(), shipped.client().maxInFlight());
        assertEquals(3, shipped.client().maxPerHost());
        assertEquals(config.bodySink(), shipped.bodySink());
    }

    @Test
    void requestsAndRowsTravelAsPojosNotKryo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(FetchRequest.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(FetchRow.class));
    }
}

package dev.shoal.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The leak extension fails a class that leaks a buffer, and only such a class: each sample runs in a launcher of its own. */
@Timeout(60)
class ParanoidLeakDetectionTest {
    @Test
    void aClassThatLeaksABufferFails() {
        TestExecutionSummary s = run(LeakingSample.class);
        assertEquals(1, s.getTestsSucceededCount(), "the test method itself passes");
        assertEquals(1, s.getContainersFailedCount(), "the class fails");
        Throwable failure = s.getFailures().get(0).getException();
        assertInstanceOf(AssertionError.class, failure);
        assertTrue(failure.getMessage().contains("LEAK of ByteBuf"), failure.getMessage());
        assertTrue(failure.getMessage().contains("LeakingSample.forgetsToReleaseABuffer"),
                "the report shows where the buffer was allocated: " + failure.getMessage());
    }

    @Test
    void aClassThatReleasesItsBuffersPasses() {
        TestExecutionSummary s = run(TidySample.class);
        assertEquals(1, s.getTestsSucceededCount());
        assertEquals(0, s.getTotalFailureCount(), () -> s.getFailures().toString());
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }
}

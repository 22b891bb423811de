package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a test class with Netty's leak detector at {@code PARANOID} (every buffer tracked) and fails the class
 * when a leak is reported: {@code @ExtendWith(ParanoidLeakDetection.class)}.
 *
 * <p>Netty reports a leak only when the garbage collector has found the unreleased buffer and a later
 * allocation looks at what it found; so before and after the class the collector runs and a buffer is
 * allocated, until a round reports nothing new. Leaks found before the class started (earlier classes') are
 * set aside, not blamed on it. Test classes must run one at a time in the JVM (as surefire runs them here).
 */
public final class ParanoidLeakDetection implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ParanoidLeakDetection.class);
    private static final List<String> REPORTS = new ArrayList<>();

    static {
        ResourceLeakDetector.LeakListener listener = ParanoidLeakDetection::reported;
        // detectors made from now on (buffers' own, when ByteBuf is first used after this) hear of leaks ...
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                ResourceLeakDetector<T> d = new ResourceLeakDetector<>(resource, samplingInterval);
                d.setLeakListener(listener);
                return d;
            }
        });
        // ... and so does the buffers' detector if it was made before (a static field, set when ByteBuf was first used)
        buffersDetector().setLeakListener(listener);
    }

    private static ResourceLeakDetector<?> buffersDetector() {
        try {
            Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            f.setAccessible(true);
            return (ResourceLeakDetector<?>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot listen to Netty's buffer leak detector", e);
        }
    }

    private static void reported(String resourceType, String records) {
        synchronized (REPORTS) {
            REPORTS.add("LEAK of " + resourceType + (records.isEmpty() ? "" : ":\n" + records));
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("level", ResourceLeakDetector.getLevel());
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        List<String> earlier = collectLeaks();
        if (!earlier.isEmpty()) {
            System.err.println(earlier.size() + " Netty leak report(s) from before " + context.getDisplayName() + ", not counted against it");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks;
        try {
            leaks = collectLeaks();
        } finally {
            ResourceLeakDetector.setLevel(context.getStore(NAMESPACE).get("level", ResourceLeakDetector.Level.class));
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak report(s) in " + context.getDisplayName() + "; the first:\n"
                    + leaks.get(0));
        }
    }

    /**
     * Makes Netty report what it can now (collector, then an allocation: a report comes out only then) and
     * returns the reports since the last call. Call it while the level is {@code PARANOID}.
     */
    public static List<String> collectLeaks() {
        int quietRounds = 0;
        for (int round = 0; round < 10 && quietRounds < 2; round++) {
            int before = reportCount();
            // an allocator may hold the buffer it handed out last on this thread until the next allocation
            PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
            ByteBufAllocator.DEFAULT.buffer(1).release();
            System.gc();
            try {
                Thread.sleep(20);  // the collector's finds reach the detector's queue on another thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            ByteBuf probe = Unpooled.buffer(1);  // each tracked allocation drains the queue into reports
            probe.release();
            quietRounds = reportCount() == before ? quietRounds + 1 : 0;
        }
        synchronized (REPORTS) {
            List<String> all = new ArrayList<>(REPORTS);
            REPORTS.clear();
            return all;
        }
    }

    private static int reportCount() {
        synchronized (REPORTS) {
            return REPORTS.size();
        }
    }
}

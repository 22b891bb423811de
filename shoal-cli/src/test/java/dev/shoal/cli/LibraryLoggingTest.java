package dev.shoal.cli;

import io.netty.util.internal.logging.InternalLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Libraries' logging in the command-line tool: Netty's loggers drop everything until --log-file routes them
 * (those Netty took before, as its classes loaded, and those it takes after) to java.util.logging; and
 * java.util.logging, when something else starts it, writes nothing to stderr.
 */
@Timeout(60)
class LibraryLoggingTest {
    @TempDir
    Path dir;

    @Test
    void nettysLoggersDropMessagesUntilRoutedThenForwardThemAll() {
        String name = "dev.shoal.cli.LibraryLoggingTest.routed";
        Logger jul = Logger.getLogger(name);
        List<String> published = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                published.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.setLevel(Level.INFO);
        jul.setUseParentHandlers(false);
        jul.addHandler(handler);
        try {
            LibraryLoggerFactory factory = new LibraryLoggerFactory();
            InternalLogger early = factory.newInstance(name);
            early.warn("dropped {}", 1);
            assertFalse(early.isWarnEnabled());
            assertEquals(List.of(), published);

            factory.routeToJdkLogging();
            early.warn("kept {}", 2);
            early.debug("below INFO {}", 3);
            factory.newInstance(name).error("later {}", 4);
            assertTrue(early.isWarnEnabled());
            assertEquals(List.of("WARNING kept 2", "SEVERE later 4"), published);
        } finally {
            jul.removeHandler(handler);
            jul.setUseParentHandlers(true);
            jul.setLevel(null);
        }
    }

    @Test
    void javaUtilLoggingStartedAfterSilenceWritesNothingToStderr() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JdkLoggingWarning.class.getName())
                .redirectError(stderr.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), () -> read(stderr));
        assertEquals("", read(stderr));
        assertEquals("logged" + System.lineSeparator(), read(dir.resolve("stdout.txt")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** A process that silences libraries as Main does, then logs a warning through java.util.logging. */
    public static final class JdkLoggingWarning {
        public static void main(String[] args) {
            LibraryLogging.silence();
            Logger.getLogger("some.library").warning("this must not reach stderr");
            System.out.println("logged");
        }
    }
}

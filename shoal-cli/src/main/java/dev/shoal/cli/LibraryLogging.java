package dev.shoal.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Keeps stderr for Shoal's own lines (progress, summary, errors): what libraries log is dropped, or written to a
 * file with {@link #toFile}. Netty's loggers drop their messages without {@code java.util.logging} being set up at
 * all, unless {@link #toFile} routes them there; anything else that logs through {@code java.util.logging} finds it
 * configured with no handler. Netty's warning that it found no hardware address for its channel ids (machines with
 * loopback only, containers) is not even looked for: the machine id is set to random bytes, as Netty itself would
 * fall back to.
 */
public final class LibraryLogging {
    private static final String JUL_CONFIG_CLASS = "java.util.logging.config.class";
    private static final String JUL_CONFIG_FILE = "java.util.logging.config.file";
    private static final LibraryLoggerFactory NETTY_LOGGERS = new LibraryLoggerFactory();

    private LibraryLogging() {
    }

    /** Before any Netty class is loaded: its classes take their loggers as they load. */
    public static void silence() {
        if (System.getProperty("io.netty.machineId") == null) {
            byte[] id = new byte[8];
            ThreadLocalRandom.current().nextBytes(id);  // ids only need to differ between processes
            System.setProperty("io.netty.machineId", HexFormat.ofDelimiter(":").formatHex(id));
        }
        if (System.getProperty(JUL_CONFIG_CLASS) == null && System.getProperty(JUL_CONFIG_FILE) == null) {
            System.setProperty(JUL_CONFIG_CLASS, Silent.class.getName());  // read only if something starts it
        }
        InternalLoggerFactory.setDefaultFactory(NETTY_LOGGERS);
    }

    /** Libraries' messages at INFO and above go to {@code file} (appended), one or two lines each. */
    public static void toFile(Path file) throws IOException {
        StreamHandler handler = new StreamHandler(new FileOutputStream(file.toFile(), true), new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();  // a crash must not take the messages that led to it
            }
        };
        handler.setLevel(Level.ALL);
        LogManager.getLogManager().reset();  // no console handler: nothing reaches stderr
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        NETTY_LOGGERS.routeToJdkLogging();
    }

    /**
     * {@code java.util.logging}'s configuration when it starts (named by {@value #JUL_CONFIG_CLASS}): no handler and
     * nothing logged, so that no library's message reaches stderr.
     */
    public static final class Silent {
        public Silent() throws IOException {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream("handlers=\n.level=OFF\n".getBytes(StandardCharsets.ISO_8859_1)));
        }
    }
}

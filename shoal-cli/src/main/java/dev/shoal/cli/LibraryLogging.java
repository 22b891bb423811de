package dev.shoal.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
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
 * Keeps stderr for Shoal's own lines (progress, summary, errors): what libraries log (Netty, through
 * {@code java.util.logging}) is dropped, or written to a file with {@link #toFile}. Netty's warning that it
 * found no hardware address for its channel ids (machines with loopback only, containers) is not even
 * looked for: the machine id is set to random bytes, as Netty itself would fall back to.
 */
public final class LibraryLogging {

    private LibraryLogging() {
    }

    /** Before any Netty class is loaded: its classes take their loggers as they load. */
    public static void silence() {
        if (System.getProperty("io.netty.machineId") == null) {
            byte[] id = new byte[8];
            ThreadLocalRandom.current().nextBytes(id);  // ids only need to differ between processes
            System.setProperty("io.netty.machineId", HexFormat.ofDelimiter(":").formatHex(id));
        }
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        LogManager.getLogManager().reset();  // no console handler: nothing reaches stderr
        Logger.getLogger("").setLevel(Level.OFF);
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
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }
}

package dev.shoal.internal.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Where a request body's bytes come from: memory, a file, a publisher, or a sequence of these (a
 * multipart form). Each kind says its length, or -1 when only sending it tells.
 */
public sealed interface UploadSource {

    /** The length in bytes as of now (a file's size may change between attempts); -1 when unknown. */
    long length() throws IOException;

    /** Bytes held in memory. */
    record Bytes(byte[] data) implements UploadSource {
        @Override
        public long length() {
            return data.length;
        }
    }

    /**
     * A file, read from the start on every send. A regular file's length is its size; anything else that can be
     * read (a device such as /dev/zero, a named pipe) has no size to announce: -1, sent until it ends, as curl's
     * {@code -T} does. A directory cannot be sent.
     */
    record FileContent(Path path) implements UploadSource {
        @Override
        public long length() throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (a.isDirectory()) {
                throw new FileSystemException(path.toString(), null, "is a directory");
            }
            return a.isRegularFile() ? a.size() : -1;
        }
    }

    /**
     * Bytes from a publisher; {@code publishers} gives a new one per send (a one-shot body's gives the same
     * one, and the body is never sent twice). {@code length} is the declared length, or -1.
     */
    record Stream(Supplier<Flow.Publisher<? extends ByteBuffer>> publishers, long declaredLength) implements UploadSource {
        @Override
        public long length() {
            return declaredLength;
        }
    }

    /** The parts one after another. */
    record Sequence(List<UploadSource> parts) implements UploadSource {
        public Sequence {
            parts = List.copyOf(parts);
        }

        @Override
        public long length() throws IOException {
            long total = 0;
            for (UploadSource p : parts) {
                long n = p.length();
                if (n < 0) {
                    return -1;
                }
                total += n;
            }
            return total;
        }
    }
}

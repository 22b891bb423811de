package dev.shoal.internal.body;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;

import dev.shoal.ShoalException;
import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Takes a response body's decoded bytes as they arrive and sends them where the {@link BodySink} says:
 * counted always; kept, hashed and/or written to a file when asked. Nothing is held whole unless kept in
 * memory. A file is written to {@code NAME.part} and renamed when the body is complete.
 */
public final class BodyWriter {
    private final BodySink sink;
    private long bytes;
    private ByteArrayOutputStream memory;
    private MessageDigest digest;
    private FileChannel file;
    private Path partPath;
    private String url;
    private long kept;
    private long fileEnd = -1;
    /** The kept bytes are the whole file (a 416 to a partial file already complete): the body is not the file's. */
    private boolean fileIsWhole;

    private BodyWriter(BodySink sink) {
        this.sink = sink;
    }

    public static BodyWriter open(BodySink sink) {
        return open(sink, 0, null, null, -1);
    }

    /**
     * A writer for {@code sink} that keeps the first {@code keep} bytes of the partial file (a resumed download;
     * 0: starts over) and, for a resumable file, notes {@code url} and {@code validator} beside it first, so
     * that a download cut short can be continued (see {@link FileResume}). A continued file is complete only at
     * {@code fileEnd} bytes, when that is known (-1: whatever the body brings).
     */
    public static BodyWriter open(BodySink sink, long keep, String url, String validator, long fileEnd) {
        BodyWriter w = new BodyWriter(sink);
        w.url = url;
        w.kept = keep;
        w.fileEnd = fileEnd;
        w.fileIsWhole = keep > 0 && keep == fileEnd;
        if (sink.keepInMemory()) {
            w.memory = new ByteArrayOutputStream();
        }
        if (sink.hashSha256()) {
            try {
                w.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        }
        if (sink.file() != null) {
            try {
                Path target = sink.file();
                Path parent = target.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                w.partPath = FileResume.part(target);
                if (sink.resumeFile()) {
                    FileResume.remember(target, url, validator);
                }
                if (keep > 0) {
                    // READ too: the digest reads back the bytes kept (a write-only channel refuses it)
                    w.file = FileChannel.open(w.partPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    w.file.truncate(keep);
                    w.file.position(keep);
                    if (w.digest != null) {
                        w.hashKept(keep);
                    }
                } else {
                    w.file = FileChannel.open(w.partPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                }
            } catch (IOException e) {
                throw Internal.shoalException(ErrorKind.IO, "cannot write " + sink.file() + ": " + e.getMessage(), e);
            }
        }
        return w;
    }

    /** The digest covers the whole file: first the bytes kept from the earlier download. */
    private void hashKept(long keep) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long at = 0;
        while (at < keep) {
            buf.clear().limit((int) Math.min(buf.capacity(), keep - at));
            int n = file.read(buf, at);
            if (n < 0) {
                throw new IOException("the partial file shrank while it was read");
            }
            digest.update(buf.flip());
            at += n;
        }
    }

    /** A writer that only counts: for bodies nobody will see (redirect hops). */
    public static BodyWriter discard() {
        return new BodyWriter(BodySink.discard());
    }

    public long bytes() {
        return bytes;
    }

    /** Consumes the readable bytes of {@code buf} (the caller keeps ownership and releases it). */
    public void write(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) {
            return;
        }
        bytes += n;
        if (fileIsWhole) {
            return;  // the server's note about the range (a 416's page), counted but not part of the file
        }
        if (digest != null || file != null) {
            int index = buf.readerIndex();
            for (ByteBuffer b : buf.nioBuffers(index, n)) {
                if (digest != null) {
                    digest.update(b.duplicate());
                }
                if (file != null) {
                    writeFully(b.duplicate());
                }
            }
        }
        if (memory != null) {
            try {
                buf.getBytes(buf.readerIndex(), memory, n);
            } catch (IOException e) {
                throw new IllegalStateException(e);  // ByteArrayOutputStream does not throw
            }
        }
    }

    private void writeFully(ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                file.write(b);
            }
        } catch (IOException e) {
            throw Internal.shoalException(ErrorKind.IO, "cannot write " + sink.file() + ": " + e.getMessage(), e);
        }
    }

    /** The body is complete: fills in what the sink produced. */
    public void complete(ResponseBuilder response) {
        if (file != null && fileEnd >= 0 && !fileIsWhole && kept + bytes != fileEnd) {
            // thrown before the file is closed: abandon() keeps what arrived, for a later download to continue
            throw Errors.closed("the body ended after " + bytes + " bytes, short of the " + (fileEnd - kept)
                    + " its Content-Range announced (a connection closed too early)", null);
        }
        response.bytes(bytes);
        if (memory != null) {
            response.body(memory.toByteArray());
        }
        if (digest != null) {
            response.sha256(HexFormat.of().formatHex(digest.digest()));
        }
        if (file != null) {
            try {
                file.close();
                Files.move(partPath, sink.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (sink.resumeFile()) {
                    FileResume.forget(sink.file());
                }
            } catch (IOException e) {
                throw Internal.shoalException(ErrorKind.IO, "cannot write " + sink.file() + ": " + e.getMessage(), e);
            }
            response.bodyPath(sink.file());
        }
    }

    /** The body will never be complete: drops what was written, unless a resumable file can continue it later. */
    public void abandon() {
        if (file != null) {
            try {
                file.close();
                if (sink.resumeFile() && FileResume.probe(sink.file(), url) != null) {
                    file = null;
                    return;  // NAME.part and its NAME.part.resume stay, for a later download to continue
                }
                FileResume.forget(sink.file());
                Files.deleteIfExists(partPath);
            } catch (IOException ignored) {
                // best effort: a leftover .part file names itself as incomplete
            }
            file = null;
        }
        memory = null;
    }
}

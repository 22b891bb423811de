package dev.shoal;

import dev.shoal.internal.upload.UploadSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578), as an HTML form or curl's {@code -F} sends it: text fields
 * and files, each file streamed from disk when the body is sent, never read into memory. The boundary is
 * random. The body's length is known (the files' sizes when it is sent), so it goes with Content-Length,
 * and it is replayable.
 *
 * <pre>{@code
 * RequestBody form = Multipart.builder()
 *         .field("title", "holiday")
 *         .file("photo", Path.of("beach.jpg"), "image/jpeg")
 *         .build();
 * }</pre>
 */
public final class Multipart {
    private static final String OCTETS = "application/octet-stream";

    private Multipart() {
    }

    /** {@return a builder of a multipart/form-data body} */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts in order. */
    public static final class Builder {
        private final List<UploadSource> parts = new ArrayList<>();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private String boundary = randomBoundary();
        private boolean any;

        private Builder() {
        }

        /**
         * Sets the boundary (the default is random); it must not occur in any part.
         *
         * @param boundary the boundary
         * @return this builder
         */
        public Builder boundary(String boundary) {
            if (any) {
                throw new IllegalStateException("set the boundary before adding parts");
            }
            if (boundary.isEmpty() || boundary.length() > 70) {
                throw new IllegalArgumentException("a boundary has 1 to 70 characters (RFC 2046)");
            }
            this.boundary = boundary;
            return this;
        }

        /**
         * A text field, in UTF-8.
         *
         * @param name the field name
         * @param value the text
         * @return this builder
         */
        public Builder field(String name, String value) {
            head(name, null, null);
            text(value);
            return this;
        }

        /**
         * A text field sent with this content type, as curl's {@code -F "name=value;type=..."}.
         *
         * @param name the field name
         * @param value the text
         * @param contentType the part's content type
         * @return this builder
         */
        public Builder field(String name, String value, String contentType) {
            head(name, null, contentType);
            text(value);
            return this;
        }

        /**
         * A file, named by its file name, as {@code application/octet-stream}.
         *
         * @param name the field name
         * @param file the file
         * @return this builder
         */
        public Builder file(String name, Path file) {
            return file(name, file, OCTETS);
        }

        /**
         * A file, named by its file name, with this content type.
         *
         * @param name the field name
         * @param file the file
         * @param contentType the part's content type
         * @return this builder
         */
        public Builder file(String name, Path file, String contentType) {
            Path fileName = file.getFileName();
            return file(name, file, contentType, fileName == null ? "file" : fileName.toString());
        }

        /**
         * A file with this content type, sent under {@code filename} (curl's {@code ;filename=}).
         *
         * @param name the field name
         * @param file the file
         * @param contentType the part's content type
         * @param filename the file name sent
         * @return this builder
         */
        public Builder file(String name, Path file, String contentType, String filename) {
            Objects.requireNonNull(file, "file");
            head(name, Objects.requireNonNull(filename, "filename"), contentType == null ? OCTETS : contentType);
            flush();
            parts.add(new UploadSource.FileContent(file));
            return this;
        }

        /**
         * A field whose value is a file's content, streamed from disk and sent without a file name, as curl's
         * {@code -F "name=<file"}.
         *
         * @param name the field name
         * @param file the file holding the value
         * @param contentType the part's content type, or null for none (a text field's)
         * @return this builder
         */
        public Builder fieldFromFile(String name, Path file, String contentType) {
            Objects.requireNonNull(file, "file");
            head(name, null, contentType);
            flush();
            parts.add(new UploadSource.FileContent(file));
            return this;
        }

        /** {@return the body; the builder may not be used afterwards} */
        public RequestBody build() {
            text(any ? "\r\n--" + boundary + "--\r\n" : "--" + boundary + "--\r\n");
            flush();
            return RequestBody.multipart(new UploadSource.Sequence(parts), "multipart/form-data; boundary=" + boundary);
        }

        private void head(String name, String filename, String contentType) {
            Objects.requireNonNull(name, "name");
            StringBuilder sb = new StringBuilder();
            sb.append(any ? "\r\n" : "").append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(escape(name)).append('"');
            if (filename != null) {
                sb.append("; filename=\"").append(escape(filename)).append('"');
            }
            sb.append("\r\n");
            if (contentType != null) {
                if (contentType.indexOf('\r') >= 0 || contentType.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a content type cannot hold CR or LF");
                }
                sb.append("Content-Type: ").append(contentType).append("\r\n");
            }
            sb.append("\r\n");
            text(sb.toString());
            any = true;
        }

        private void text(String s) {
            pending.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        private void flush() {
            if (pending.size() > 0) {
                parts.add(new UploadSource.Bytes(pending.toByteArray()));
                pending.reset();
            }
        }
    }

    /** A name or file name in a quoted string, as the HTML standard encodes it: {@code "}, CR and LF percent-encoded. */
    static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String randomBoundary() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "shoal-" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }
}

package dev.shoal.flink;

import dev.shoal.rows.InputLine;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a URL file in the input format of {@code shoal fetch} ({@link InputLine}) as a stream of
 * {@link FetchRequest}s, each with its index. A file is one split, read by one reader from its start, so
 * indexes count the requests of the whole file (a {@code .gz} file is decompressed on the way).
 *
 * <p>Restoring from a checkpoint: the reader reports no byte offset, so Flink reopens the file and skips the
 * requests already emitted by reading them through this reader, whose count then goes on from there. Every
 * index is therefore emitted again exactly as before a failure: replaying costs a re-read of the file's head,
 * never a shifted or repeated index.
 */
public final class UrlFileFormat extends SimpleStreamFormat<FetchRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public StreamFormat.Reader<FetchRequest> createReader(Configuration config, FSDataInputStream stream) {
        return new Reader(new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)));
    }

    @Override
    public TypeInformation<FetchRequest> getProducedType() {
        return TypeInformation.of(FetchRequest.class);
    }

    private static final class Reader implements StreamFormat.Reader<FetchRequest> {
        private final BufferedReader lines;
        private long nextIndex;

        Reader(BufferedReader lines) {
            this.lines = lines;
        }

        @Override
        public FetchRequest read() throws IOException {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (InputLine.takesIndex(line)) {
                    return FetchRequest.of(nextIndex++, InputLine.parse(line));
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}

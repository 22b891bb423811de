package dev.shoal.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads through Flink's own adapter, as the file source does, including its restore from a checkpoint. */
class UrlFileFormatTest {
    private static final String FILE = String.join("\n",
            "# urls", "http://a.test/0", "", "http://a.test/1", "   ", "{\"url\": \"http://a.test/2\", \"method\": \"HEAD\"}",
            "# more", "not a url", "http://a.test/4", "");

    @TempDir
    java.nio.file.Path dir;

    @Test
    void everyRequestLineGetsTheNextIndexAndOtherLinesNone() throws IOException {
        List<FetchRequest> all = readAll(split(), null);

        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), all.stream().map(FetchRequest::index).toList());
        assertEquals(List.of("http://a.test/0", "http://a.test/1", "http://a.test/2", "not a url", "http://a.test/4"),
                all.stream().map(FetchRequest::url).toList());
        assertEquals("HEAD", all.get(2).method());
    }

    @Test
    void aRestoredReaderGoesOnWithTheIndexesItHadReached() throws IOException {
        FileSourceSplit split = split();
        List<FetchRequest> all = readAll(split, null);

        // Flink checkpoints "3 records read"; the restored reader skips them and carries on
        List<FetchRequest> restored = readAll(split, new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 3));

        assertEquals(all.subList(3, all.size()).stream().map(FetchRequest::index).toList(),
                restored.stream().map(FetchRequest::index).toList());
        assertEquals(all.get(3).url(), restored.get(0).url());
    }

    private FileSourceSplit split() throws IOException {
        java.nio.file.Path file = Files.writeString(dir.resolve("urls.txt"), FILE);
        long size = Files.size(file);
        return new FileSourceSplit("0", Path.fromLocalFile(file.toFile()), 0, size, 0, size);
    }

    private static List<FetchRequest> readAll(FileSourceSplit split, CheckpointedPosition position) throws IOException {
        StreamFormatAdapter<FetchRequest> format = new StreamFormatAdapter<>(new UrlFileFormat());
        List<FetchRequest> out = new ArrayList<>();
        try (BulkFormat.Reader<FetchRequest> reader = position == null
                ? format.createReader(new Configuration(), split)
                : format.restoreReader(new Configuration(), split.updateWithCheckpointedPosition(position))) {
            for (BulkFormat.RecordIterator<FetchRequest> batch = reader.readBatch(); batch != null; batch = reader.readBatch()) {
                for (RecordAndPosition<FetchRequest> r = batch.next(); r != null; r = batch.next()) {
                    out.add(r.getRecord());
                }
                batch.releaseBatch();
            }
        }
        return out;
    }
}

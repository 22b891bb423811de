package dev.shoal.flink;

import dev.shoal.rows.Row;

import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.io.IOException;
import java.util.Collection;

/**
 * Flink's row-format {@link FileSink} of the rows (see {@link FetchJob#jsonLinesTo}), plus one thing it lacks: when
 * the job has finished, the in-progress files that failed attempts left behind are removed. A task killed
 * after a checkpoint leaves the part file it had begun since; that file is in no checkpoint, its rows are
 * written again after the restore, and Flink never deletes it (hidden, with a leading dot, never part of the
 * output, but clutter and a doubt for whoever lists the folder).
 */
final class JsonLinesSink implements Sink<Row>, SupportsWriterState<Row, FileWriterBucketState>,
        SupportsWriterState.WithCompatibleState, SupportsCommitter<FileSinkCommittable>,
        SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable>,
        SupportsPostCommitTopology<FileSinkCommittable>, SupportsConcurrentExecutionAttempts {
    private static final long serialVersionUID = 1L;

    private final FileSink<Row> files;
    private final Path dir;
    private final String partPrefix;

    JsonLinesSink(FileSink<Row> files, Path dir, String partPrefix) {
        this.files = files;
        this.dir = dir;
        this.partPrefix = partPrefix;
    }

    @Override
    public SinkWriter<Row> createWriter(WriterInitContext context) throws IOException {
        return files.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<Row, FileWriterBucketState> restoreWriter(WriterInitContext context,
                                                                        Collection<FileWriterBucketState> state) throws IOException {
        return files.restoreWriter(context, state);
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return files.getWriterStateSerializer();
    }

    @Override
    public Collection<String> getCompatibleWriterStateNames() {
        return files.getCompatibleWriterStateNames();
    }

    @Override
    public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return files.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
        return files.getCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<FileSinkCommittable>> committables) {
        return files.addPreCommitTopology(committables);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
        return files.getWriteResultSerializer();
    }

    /** One task after all committers, which removes the orphans once they have all finished. */
    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<FileSinkCommittable>> committed) {
        committed.global()
                .transform("remove orphaned in-progress files", BasicTypeInfo.VOID_TYPE_INFO,
                        new OrphanRemover(dir, "." + partPrefix + "-"))
                .setParallelism(1);
    }

    /**
     * Removes the in-progress files left in {@code dir} (names {@code .PREFIX-*.inprogress.*}) when the job has
     * finished normally. Not at the end of its input: the committers' EndOfData comes before the final
     * checkpoint, whose pending files (still in-progress files until committed) are committed after it. This
     * task closes only after every committer task has finished, that is after their last commit, so at its
     * close the in-progress files left are orphans. A failing or cancelled task removes nothing.
     */
    static final class OrphanRemover extends AbstractStreamOperator<Void>
            implements OneInputStreamOperator<CommittableMessage<FileSinkCommittable>, Void>, BoundedOneInput {
        private static final long serialVersionUID = 1L;

        private final Path dir;
        private final String hiddenPrefix;
        private transient boolean inputEnded;

        OrphanRemover(Path dir, String hiddenPrefix) {
            this.dir = dir;
            this.hiddenPrefix = hiddenPrefix;
        }

        @Override
        public void processElement(StreamRecord<CommittableMessage<FileSinkCommittable>> element) {
            // committed already; only the end of the job matters here
        }

        @Override
        public void endInput() {
            inputEnded = true;
        }

        @Override
        public void close() throws Exception {
            try {
                if (inputEnded && !getContainingTask().isFailing() && !getContainingTask().isCanceled()) {
                    removeOrphans();
                }
            } finally {
                super.close();
            }
        }

        private void removeOrphans() throws IOException {
            FileSystem fs = dir.getFileSystem();
            FileStatus[] entries = fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
            for (FileStatus entry : entries) {
                String name = entry.getPath().getName();
                if (!entry.isDir() && name.startsWith(hiddenPrefix) && name.contains(".inprogress.")) {
                    fs.delete(entry.getPath(), false);
                }
            }
        }
    }
}

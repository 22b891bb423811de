package dev.shoal.rows;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Rows as CSV (RFC 4180, by Jackson's CSV generator): a header line of the columns' flat names, then one
 * record per row, CRLF at the end of each; a cell with a comma, a quote or a line break is quoted, its quotes
 * doubled; null is an empty cell. Numbers are written as in JSON (elapsed_ms with its three decimals).
 */
final class CsvRows {
    // strict: quote a cell only when it must be (a comma, a quote, a line break, blank space at either end)
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final CsvGenerator csv;
    private final RowColumns.Column[] columns;

    CsvRows(OutputStream out, RowColumns columns, boolean header) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(header).setLineSeparator("\r\n");
        for (String name : columns.names()) {
            schema.addColumn(name);
        }
        this.csv = CSV.createGenerator(out);
        this.csv.setSchema(schema.build());
        this.columns = columns.columns().toArray(RowColumns.Column[]::new);
    }

    void write(Row row) throws IOException {
        csv.writeStartArray();
        for (RowColumns.Column column : columns) {
            RowWriter.value(csv, row, column);
        }
        csv.writeEndArray();
    }

    void flush() throws IOException {
        csv.flush();
    }

    void close() throws IOException {
        csv.close();
    }
}

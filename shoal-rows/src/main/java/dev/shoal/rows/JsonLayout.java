package dev.shoal.rows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a row's columns: each column at the top level, or inside its group's object
 * ({@code timings}, {@code headers}, {@code error}), the group placed where its first column is. A group
 * is null when the row has nothing for it (no timings: the request never started; no headers: no response),
 * and {@code error} is left out of a row without an error. Field names are encoded once: Jackson then copies
 * their bytes instead of escaping each name per row.
 */
final class JsonLayout {

    private record Slot(SerializedString name, String group, RowColumns.Column[] columns, SerializedString[] leaves) {
    }

    private final Slot[] slots;

    private JsonLayout(Slot[] slots) {
        this.slots = slots;
    }

    static JsonLayout of(RowColumns columns) {
        Map<String, List<RowColumns.Column>> groups = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();  // a column, or a group's name
        for (RowColumns.Column c : columns.columns()) {
            if (c.group() == null) {
                order.add(c);
            } else {
                groups.computeIfAbsent(c.group(), g -> {
                    order.add(g);
                    return new ArrayList<>();
                }).add(c);
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (Object o : order) {
            if (o instanceof RowColumns.Column c) {
                slots.add(new Slot(new SerializedString(c.name()), null, new RowColumns.Column[] {c}, null));
            } else {
                String group = (String) o;
                List<RowColumns.Column> in = groups.get(group);
                SerializedString[] leaves = in.stream().map(c -> new SerializedString(c.leaf()))
                        .toArray(SerializedString[]::new);
                slots.add(new Slot(new SerializedString(group), group, in.toArray(RowColumns.Column[]::new), leaves));
            }
        }
        return new JsonLayout(slots.toArray(Slot[]::new));
    }

    void write(JsonGenerator json, Row row) throws IOException {
        json.writeStartObject();
        for (Slot slot : slots) {
            if (slot.group == null) {
                if (slot.columns[0].field() == RowColumns.Field.POLITE_WAIT_MS
                        && (row.timings() == null || row.timings().politeNanos() == 0)) {
                    continue;  // left out, not null (unlike other columns): most rows are not held back and stay short
                }
                json.writeFieldName(slot.name);
                RowWriter.value(json, row, slot.columns[0]);
                continue;
            }
            boolean empty = switch (slot.group) {
                case "error" -> row.errorKind() == null;
                case "timings" -> row.timings() == null;
                default -> row.headers() == null;
            };
            if (empty && slot.group.equals("error")) {
                continue;
            }
            json.writeFieldName(slot.name);
            if (empty) {
                json.writeNull();
                continue;
            }
            json.writeStartObject();
            for (int i = 0; i < slot.columns.length; i++) {
                json.writeFieldName(slot.leaves[i]);
                RowWriter.value(json, row, slot.columns[i]);
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }
}

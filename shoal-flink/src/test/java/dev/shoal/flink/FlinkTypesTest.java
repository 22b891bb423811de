package dev.shoal.flink;

import dev.shoal.ErrorKind;
import dev.shoal.rows.InputLine;
import dev.shoal.rows.Row;
import dev.shoal.rows.RowHeaders;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Requests and rows travel between tasks and into checkpoints as POJOs, never through Kryo. */
class FlinkTypesTest {

    @Test
    void requestsAndRowsArePojosWithNoFieldLeftToKryo() {
        for (Class<?> type : new Class<?>[] {FetchRequest.class, Row.class}) {
            PojoTypeInfo<?> pojo = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(type));
            for (int i = 0; i < pojo.getArity(); i++) {
                assertFalse(pojo.getPojoFieldAt(i).getTypeInformation() instanceof GenericTypeInfo,
                        type.getSimpleName() + " goes through Kryo for " + pojo.getPojoFieldAt(i));
            }
        }
    }

    @Test
    void aFailureRowWithItsNullColumnsSurvivesFlinksSerializer() throws Exception {
        Row row = Row.failed(3, "{oops", null, ErrorKind.INVALID_REQUEST, "not JSON");

        assertEquals(row, roundTrip(Row.class, row));
    }

    @Test
    void aRowWithValidatorsKeptHeadersAndTheUnchangedMarkSurvivesFlinksSerializer() throws Exception {
        Row row = new Row(5, "http://h.test/", "GET", 304, "http://h.test/", 0, "h2", 0L, 1, 1_700_000_000_000L, 42,
                null, "bodies/5", null, null, "127.0.0.1", null, "\"v1\"", "Tue, 14 Nov 2023 22:13:20 GMT",
                new RowHeaders(new String[] {"server", "nginx", "via", null}), true);

        assertEquals(row, roundTrip(Row.class, row));
    }

    @Test
    void anInvalidLineWithNoUrlOrMethodSurvivesFlinksSerializer() throws Exception {
        FetchRequest invalid = FetchRequest.of(4, InputLine.parse("{oops"));

        FetchRequest copy = roundTrip(FetchRequest.class, invalid);

        assertEquals(4, copy.index());
        assertNull(copy.url());
        assertNull(copy.method());
        assertEquals(invalid.inputError(), copy.inputError());
    }

    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(noKryo);
        return InstantiationUtil.deserializeFromByteArray(serializer, InstantiationUtil.serializeToByteArray(serializer, value));
    }
}

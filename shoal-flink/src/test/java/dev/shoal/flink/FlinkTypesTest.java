package dev.shoal.flink;

import dev.shoal.ErrorKind;
import dev.shoal.rows.Row;

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
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        TypeSerializer<Row> serializer = TypeInformation.of(Row.class).createSerializer(noKryo);
        Row row = Row.failed(3, "{oops", null, ErrorKind.INVALID_REQUEST, "not JSON");

        Row copy = InstantiationUtil.deserializeFromByteArray(serializer,
                InstantiationUtil.serializeToByteArray(serializer, row));

        assertEquals(row, copy);
    }
}

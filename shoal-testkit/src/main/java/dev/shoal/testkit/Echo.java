package dev.shoal.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code /echo} and {@code /anything}: the request back as JSON {method, uri, headers, body}. */
final class Echo {
    private Echo() {
    }

    static void echo(Exchange ex) {
        ex.send(200, "application/json", json(ex.request).getBytes(StandardCharsets.UTF_8));
    }

    static String json(RecordedRequest request) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"method\":");
        string(out, request.method());
        out.append(",\"uri\":");
        string(out, request.uri());
        out.append(",\"headers\":{");
        boolean firstHeader = true;
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (!firstHeader) {
                out.append(',');
            }
            firstHeader = false;
            string(out, header.getKey());
            out.append(":[");
            for (int i = 0; i < header.getValue().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, header.getValue().get(i));
            }
            out.append(']');
        }
        out.append("},\"body\":");
        string(out, request.bodyUtf8());
        return out.append("}").toString();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

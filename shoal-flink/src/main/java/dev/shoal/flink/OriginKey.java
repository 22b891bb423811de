package dev.shoal.flink;

import dev.shoal.Urls;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * The key that gives each host one owner task: a request's origin ({@code scheme://host[:port]}, as Shoal's
 * pools and per-host limits count it, see {@link Urls#origin}). Keyed by it, every request to one origin goes
 * to the same parallel task, whose single client then holds {@code maxPerHost}, {@code ratePerHost} and the
 * adaptive politeness for the whole job. Flink hashes the keys (murmur, over key groups), so many hosts spread
 * evenly over few tasks; one huge host stays on its one task, bounded by its own per-host limit.
 *
 * <p>A line that is not a request or not a valid http(s) URL has no origin: it is keyed by its index, which
 * spreads such lines over the tasks (they become error rows without a connection).
 */
public final class OriginKey implements KeySelector<FetchRequest, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(FetchRequest request) {
        String origin = request.inputError() == null ? Urls.origin(request.url()) : null;
        return origin != null ? origin : "#" + request.index();
    }
}

package dev.shoal.internal.cookie;

import dev.shoal.internal.base.Origin;
import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An in-memory cookie jar per client, RFC 6265: host-only and domain cookies, path matching, Secure cookies
 * only over https (and only set by https), Max-Age over Expires, a cookie with the same name, domain and path
 * replaced, {@code __Secure-}/{@code __Host-} prefixes honoured, cookies for single-label domains such as
 * {@code com} refused. Bounded: at most {@code maxCookies}, the expired and then the oldest evicted first, and
 * at most 180 per domain (as browsers keep), the domain's oldest evicted first, so that one host setting cookies
 * without end neither crowds out the others nor makes every request to it carry them all; a name and value over
 * 4096 bytes is ignored. Time is passed in, so the rules are testable without a clock.
 * Safe for use from every I/O thread.
 */
public final class CookieJar {
    public static final int DEFAULT_MAX_COOKIES = 3000;
    static final int MAX_COOKIE_SIZE = 4096;
    static final int MAX_COOKIES_PER_DOMAIN = 180;

    private final int maxCookies;
    /** Every cookie, oldest first: the eviction order. */
    private final LinkedHashMap<StoredCookie.Key, StoredCookie> byAge = new LinkedHashMap<>();
    /** The same cookies by domain, so that a request looks only at its host's domains. */
    private final Map<String, Map<StoredCookie.Key, StoredCookie>> byDomain = new HashMap<>();
    private long created;

    public CookieJar(int maxCookies) {
        if (maxCookies < 1) throw new IllegalArgumentException("maxCookies must be at least 1");
        this.maxCookies = maxCookies;
    }

    /** Keeps what the {@code Set-Cookie} fields of a response from {@code origin} to {@code requestPath} allow. */
    public void store(Origin origin, String requestPath, List<String> setCookies, long nowMillis) {
        for (String header : setCookies) {
            StoredCookie c = parse(header, origin, requestPath, nowMillis);
            if (c != null) {
                synchronized (this) {
                    put(c, nowMillis);
                }
            }
        }
    }

    /** The {@code Cookie} header value for a request to {@code origin} and {@code requestPath}, or null if none. */
    public synchronized String cookieHeader(Origin origin, String requestPath, long nowMillis) {
        if (byAge.isEmpty()) {
            return null;
        }
        String host = origin.host();
        List<StoredCookie> matches = new ArrayList<>();
        for (String domain : domainsOf(host)) {
            Map<StoredCookie.Key, StoredCookie> cookies = byDomain.get(domain);
            if (cookies == null) continue;
            for (Iterator<StoredCookie> it = cookies.values().iterator(); it.hasNext(); ) {
                StoredCookie c = it.next();
                if (c.isExpired(nowMillis)) {
                    it.remove();
                    byAge.remove(c.key());
                } else if ((!c.hostOnly() || host.equals(c.domain())) && (!c.secure() || origin.isHttps())
                        && CookieRules.pathMatches(requestPath, c.path())) {
                    matches.add(c);
                }
            }
            if (cookies.isEmpty()) byDomain.remove(domain);
        }
        if (matches.isEmpty()) {
            return null;
        }
        // 5.4 step 2: longer paths first, then the older cookie first
        matches.sort((a, b) -> a.path().length() != b.path().length()
                ? b.path().length() - a.path().length() : Long.compare(a.created(), b.created()));
        StringBuilder sb = new StringBuilder();
        for (StoredCookie c : matches) {
            if (sb.length() > 0) sb.append("; ");
            sb.append(c.name()).append('=');
            if (c.quoted()) sb.append('"').append(c.value()).append('"');
            else sb.append(c.value());
        }
        return sb.toString();
    }

    /** Keeps cookies read from a cookie file, as if set now; the expired ones are skipped. */
    synchronized void load(List<StoredCookie> cookies, long nowMillis) {
        for (StoredCookie c : cookies) {
            put(c, nowMillis);
        }
    }

    /** The cookies not expired at {@code nowMillis}, oldest first: what a cookie file keeps. */
    synchronized List<StoredCookie> snapshot(long nowMillis) {
        List<StoredCookie> live = new ArrayList<>(byAge.size());
        for (StoredCookie c : byAge.values()) {
            if (!c.isExpired(nowMillis)) live.add(c);
        }
        return live;
    }

    public synchronized int size() {
        return byAge.size();
    }

    /** The cookie a Set-Cookie header makes, or null when it is to be ignored (5.3 steps 1-10). */
    static StoredCookie parse(String header, Origin origin, String requestPath, long nowMillis) {
        Cookie c;
        try {
            c = ClientCookieDecoder.LAX.decode(header);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        if (c == null || c.name().isEmpty() || !CookieRules.isSafe(c.name()) || !CookieRules.isSafe(c.value())
                || c.name().length() + c.value().length() > MAX_COOKIE_SIZE) {
            return null;
        }
        String host = origin.host();
        boolean hostOnly = true;
        String domain = host;
        String attribute = c.domain() == null ? "" : c.domain().toLowerCase(Locale.ROOT);
        if (attribute.startsWith(".")) attribute = attribute.substring(1);
        if (!attribute.isEmpty()) {
            if (CookieRules.isTopLevel(attribute) && !attribute.equals(host)) {
                return null;  // Domain=com: a cookie for a whole top-level domain
            }
            if (!CookieRules.domainMatches(host, attribute)) {
                return null;
            }
            hostOnly = attribute.equals(host) && CookieRules.isTopLevel(attribute);
            domain = attribute;
        }
        String path = c.path() == null || !c.path().startsWith("/") ? CookieRules.defaultPath(requestPath) : c.path();
        if (c.isSecure() && !origin.isHttps()) {
            return null;  // RFC 6265bis: only a secure origin may set a Secure cookie
        }
        if (!prefixRulesHold(c, hostOnly, path)) {
            return null;
        }
        return new StoredCookie(c.name(), c.value(), c.wrap(), domain, hostOnly, path, c.isSecure(), c.isHttpOnly(),
                CookieExpiry.expiresAtMillis(header, nowMillis), 0);
    }

    /** RFC 6265bis 4.1.3: {@code __Secure-} needs Secure; {@code __Host-} also host-only and Path=/. */
    private static boolean prefixRulesHold(Cookie c, boolean hostOnly, String path) {
        String name = c.name();
        if (name.regionMatches(true, 0, "__Secure-", 0, 9) && !c.isSecure()) {
            return false;
        }
        return !name.regionMatches(true, 0, "__Host-", 0, 7) || (c.isSecure() && hostOnly && c.domain() == null && path.equals("/"));
    }

    private void put(StoredCookie c, long nowMillis) {
        StoredCookie.Key key = c.key();
        StoredCookie old = byAge.get(key);
        if (c.isExpired(nowMillis)) {
            if (old != null) remove(old);
            return;
        }
        StoredCookie stored = c.createdAt(old != null ? old.created() : created++);
        byAge.put(key, stored);  // a replacement keeps its place in the age order
        Map<StoredCookie.Key, StoredCookie> domain = byDomain.computeIfAbsent(c.domain(), d -> new LinkedHashMap<>());
        domain.put(key, stored);  // a replacement keeps its place here too: the map's order is the domain's age order
        if (domain.size() > MAX_COOKIES_PER_DOMAIN) {
            remove(domain.values().iterator().next());
        }
        if (byAge.size() > maxCookies) {
            evict(nowMillis);
        }
    }

    /** Expired cookies go first; if none, the oldest. */
    private void evict(long nowMillis) {
        List<StoredCookie> expired = new ArrayList<>();
        for (StoredCookie c : byAge.values()) {
            if (c.isExpired(nowMillis)) expired.add(c);
        }
        expired.forEach(this::remove);
        Iterator<StoredCookie> oldest = byAge.values().iterator();
        while (byAge.size() > maxCookies && oldest.hasNext()) {
            StoredCookie c = oldest.next();
            oldest.remove();
            removeFromDomain(c);
        }
    }

    private void remove(StoredCookie c) {
        byAge.remove(c.key());
        removeFromDomain(c);
    }

    private void removeFromDomain(StoredCookie c) {
        Map<StoredCookie.Key, StoredCookie> cookies = byDomain.get(c.domain());
        if (cookies != null) {
            cookies.remove(c.key());
            if (cookies.isEmpty()) byDomain.remove(c.domain());
        }
    }

    /** The host and every parent domain a cookie for it may be stored under ({@code a.b.c}: a.b.c, b.c, c). */
    private static List<String> domainsOf(String host) {
        List<String> domains = new ArrayList<>(4);
        domains.add(host);
        if (!CookieRules.isIpAddress(host)) {
            for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
                domains.add(host.substring(dot + 1));
            }
        }
        return domains;
    }
}

package dev.shoal.internal.dial;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a host's addresses are tried (RFC 8305, section 4): IPv6 first when the host has both
 * families, then alternating families, each family keeping the order DNS gave, so that a broken path of one
 * family costs one attempt delay, not one per address.
 */
public final class AddressOrder {
    private AddressOrder() {
    }

    public static List<InetAddress> interleave(List<InetAddress> addresses) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (!v6.contains(a) && !v4.contains(a)) {
                (a instanceof Inet6Address ? v6 : v4).add(a);
            }
        }
        List<InetAddress> order = new ArrayList<>(v6.size() + v4.size());
        for (int i = 0; i < Math.max(v6.size(), v4.size()); i++) {
            if (i < v6.size()) order.add(v6.get(i));
            if (i < v4.size()) order.add(v4.get(i));
        }
        return order;
    }
}

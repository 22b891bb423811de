package dev.shoal.internal.dns;

import java.net.UnknownHostException;

/** The DNS answered that the name does not exist (NXDOMAIN): asking again soon gets the same answer. */
public final class NoSuchHostException extends UnknownHostException {
    public NoSuchHostException(String message) {
        super(message);
    }
}

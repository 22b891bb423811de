package dev.shoal.cli.report;

/** A line that is not a result row; the message says why, in a few words. */
final class MalformedRowException extends Exception {
    MalformedRowException(String reason) {
        super(reason, null, false, false);
    }
}

package dev.shoal.cli.report;

/** The four ways a row can end, as the charts colour them. */
enum Outcome {
    /** A response with a 1xx, 2xx or 3xx status. */
    OK("ok", "2xx/3xx"),
    /** A response with a 4xx status. */
    CLIENT_ERROR("clientError", "4xx"),
    /** A response with a 5xx (or higher) status. */
    SERVER_ERROR("serverError", "5xx"),
    /** No response: the row has an error kind. */
    FAILED("failed", "failed");

    private final String key;
    private final String label;

    Outcome(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name used in the page's data. */
    String key() {
        return key;
    }

    /** The name shown to people. */
    String label() {
        return label;
    }

    /** An error kind wins over a status: the request did not complete as a response. */
    static Outcome of(Integer status, String errorKind) {
        if (errorKind != null || status == null) {
            return FAILED;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        return status >= 400 ? CLIENT_ERROR : OK;
    }
}

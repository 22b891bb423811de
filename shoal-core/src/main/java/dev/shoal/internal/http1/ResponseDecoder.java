package dev.shoal.internal.http1;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, told by the connection what it needs to know of the request in progress (a HEAD's
 * response has no body), and able to say whether bytes beyond the response came with it. Such bytes (a body
 * longer than its Content-Length, a 204 with a body) would be read as the start of the next request's response,
 * so the connection that holds them is not reused.
 */
final class ResponseDecoder extends HttpResponseDecoder {
    private boolean head;

    ResponseDecoder(HttpDecoderConfig config) {
        super(config);
    }

    /** The request now going out is a HEAD (or not): its response's body is empty whatever its fields say. */
    void expectHead(boolean head) {
        this.head = head;
    }

    /** True when bytes are held that no message was decoded from yet. */
    boolean holdsBytes() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        int code = ((HttpResponse) msg).status().code();
        if (code == 101) {
            return true;  // never asked for (we send no Upgrade): the response ends at its head, the connection with it
        }
        return (head && code >= 200) || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected boolean isSwitchingToNonHttp1Protocol(HttpResponse msg) {
        return false;  // the connection closes after a 101 (see Http1Exchange), never passes raw bytes on
    }
}

package dev.shoal.internal.pool;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.nio.channels.ClosedChannelException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a row says of a failed TLS handshake: plain words, not Netty's class names or the server's bytes in hex. */
class HandshakeFailureTest {
    @Test
    void aCloseDuringTheHandshakeIsSaidSo() {
        // Netty fails the handshake with a stackless subclass whose only message is its class name
        assertEquals("the connection closed during the handshake",
                ConnectionFactory.handshakeFailure(new ClosedChannelException() { }));
    }

    @Test
    void anAnswerThatIsNotTlsIsSaidSoWithoutItsBytes() {
        NotSslRecordException e = new NotSslRecordException("not an SSL/TLS record: 485454502f312e31203430302042616420");
        assertEquals("the server's answer is not TLS (not an SSL/TLS record)",
                ConnectionFactory.handshakeFailure(new DecoderException(e)));
    }

    @Test
    void otherFailuresKeepTheirRootMessage() {
        assertEquals("No subject alternative names present",
                ConnectionFactory.handshakeFailure(new DecoderException(new SSLHandshakeException("No subject alternative names present"))));
    }
}

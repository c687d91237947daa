package io.github.d6connector.d6;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Describes a failed connection to d6 in words an operator can act on, without the URL or Java class names
 * that exception messages carry.
 */
public final class IoFailures {

    private IoFailures() {
    }

    public static String describe(Throwable failure) {
        if (failure instanceof ConnectException) {
            return "connection to d6 refused";
        }
        if (failure instanceof SocketTimeoutException) {
            return "d6 did not answer within the response timeout";
        }
        if (failure instanceof InterruptedIOException) {
            return "connection to d6 timed out";
        }
        if (failure instanceof NoHttpResponseException) {
            return "d6 closed the connection without answering";
        }
        if (failure instanceof UnknownHostException) {
            return "d6 host name could not be resolved";
        }
        if (failure instanceof SSLPeerUnverifiedException) {
            return "d6's TLS certificate does not match its host name";
        }
        if (failure instanceof SSLHandshakeException) {
            return "TLS handshake with d6 failed, most likely because its certificate is not trusted; "
                    + "check d6.tls.trust-store";
        }
        if (failure instanceof SSLException) {
            return "TLS connection to d6 failed";
        }
        if (failure instanceof SocketException) {
            return "connection to d6 was reset";
        }
        return "I/O error while calling d6";
    }
}

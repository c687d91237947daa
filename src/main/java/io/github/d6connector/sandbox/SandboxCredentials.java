package io.github.d6connector.sandbox;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The integrator credentials the sandbox expects in {@code HTTP-X-USERNAME} and {@code HTTP-X-PASSWORD}. */
final class SandboxCredentials {

    static final String USERNAME_HEADER = "HTTP-X-USERNAME";
    static final String PASSWORD_HEADER = "HTTP-X-PASSWORD";

    private final byte[] username;
    private final byte[] password;

    SandboxCredentials(String username, String password) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    boolean matches(Headers headers) {
        String suppliedUsername = headers.getFirst(USERNAME_HEADER);
        String suppliedPassword = headers.getFirst(PASSWORD_HEADER);
        if (suppliedUsername == null || suppliedPassword == null) {
            return false;
        }

        // OpenJDK's server (sun.net.httpserver.Request) turns each header byte into one char, so ISO-8859-1 recovers
        // the bytes sent. OpenJDK's MessageDigest.isEqual loops over its first argument only, so passing the
        // supplied value first makes the comparison time independent of the configured value.
        boolean usernameMatches =
                MessageDigest.isEqual(suppliedUsername.getBytes(StandardCharsets.ISO_8859_1), username);
        boolean passwordMatches =
                MessageDigest.isEqual(suppliedPassword.getBytes(StandardCharsets.ISO_8859_1), password);
        return usernameMatches && passwordMatches;
    }
}

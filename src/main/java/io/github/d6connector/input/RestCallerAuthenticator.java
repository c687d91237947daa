package io.github.d6connector.input;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Lets a REST call through only when its {@code X-API-Key} header equals the configured key. Without a
 * configured key every call is refused, so a forgotten setting never opens the API.
 */
public final class RestCallerAuthenticator implements Processor {

    public static final String API_KEY_HEADER = "X-API-Key";

    private final byte[] apiKey;

    /** @param apiKey the key callers must present, or {@code null} to refuse every call */
    public RestCallerAuthenticator(String apiKey) {
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void process(Exchange exchange) throws RestCallRefusedException {
        String presented = exchange.getMessage().getHeader(API_KEY_HEADER, String.class);
        boolean accepted = apiKey != null && presented != null
                && MessageDigest.isEqual(apiKey, presented.getBytes(StandardCharsets.UTF_8));
        if (!accepted) {
            throw new RestCallRefusedException(401, "unauthorized",
                    "missing or invalid " + API_KEY_HEADER + " header");
        }
    }

    /** Returns whether a key is configured; without one the REST API refuses every call. */
    public boolean isEnabled() {
        return apiKey != null;
    }
}

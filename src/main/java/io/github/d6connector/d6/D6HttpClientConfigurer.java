package io.github.d6connector.d6;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Configures the HTTP client of the d6 endpoint.
 *
 * <p>Apache HttpClient's own retries and redirect handling are switched off so that Camel redelivery is the
 * one retry layer and a 3xx response reaches the status routing. The credentials are added by a request
 * interceptor inside the client, so they never become Camel message headers and cannot appear in traces,
 * error-handler dumps or outcome records.
 */
public final class D6HttpClientConfigurer implements HttpClientConfigurer {

    static final String USERNAME_HEADER = "HTTP-X-USERNAME";
    static final String PASSWORD_HEADER = "HTTP-X-PASSWORD";

    private final String d6Host;
    private final String username;
    private final String password;

    public D6HttpClientConfigurer(String d6Host, String username, String password) {
        this.d6Host = d6Host;
        this.username = username;
        this.password = password;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.disableRedirectHandling();
        builder.disableCookieManagement();
        builder.addRequestInterceptorLast(credentialsInterceptor());
    }

    private HttpRequestInterceptor credentialsInterceptor() {
        return (request, entity, context) -> {
            URIAuthority authority = request.getAuthority();
            if (authority == null || !d6Host.equalsIgnoreCase(authority.getHostName())) {
                return;
            }
            request.setHeader(USERNAME_HEADER, username);
            request.setHeader(PASSWORD_HEADER, password);
        };
    }

    @Override
    public String toString() {
        return "D6HttpClientConfigurer[host=" + d6Host + "]";
    }
}

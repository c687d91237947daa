package io.github.d6connector.d6;

import java.net.URI;
import java.time.Duration;

/**
 * Connection and redelivery settings for d6, resolved once at startup.
 *
 * @param baseUrl             d6 Integrate base URL without a trailing slash
 * @param username            integrator username, sent as {@code HTTP-X-USERNAME}
 * @param password            integrator password, sent as {@code HTTP-X-PASSWORD}
 * @param apiVersion          API version of the state change
 * @param v2Method            HTTP method of the v2 state change, {@code PATCH} or {@code POST}
 * @param maximumRedeliveries calls made after the first one before a request is {@code FAILED}
 * @param initialDelay        delay before the first redelivery
 * @param multiplier          factor applied to the delay after each redelivery
 * @param maximumDelay        upper bound of any delay, including one asked for by {@code Retry-After}
 */
public record D6Settings(String baseUrl, String username, String password, D6ApiVersion apiVersion,
                         String v2Method, int maximumRedeliveries, Duration initialDelay, double multiplier,
                         Duration maximumDelay) {

    /** Returns the URL of the state change for one school, built from the validated id only. */
    public String clientStateUrl(int schoolLoginId) {
        if (apiVersion == D6ApiVersion.V2) {
            return baseUrl + "/api/v2/settings/clientintegrations";
        }
        return baseUrl + "/api/v1/settings/clients/" + schoolLoginId;
    }

    /** Returns the HTTP method of the state change. */
    public String clientStateMethod() {
        return apiVersion == D6ApiVersion.V2 ? v2Method : "PATCH";
    }

    /**
     * Returns the URL of Get Clients: every client that authorised the integrator, or one school when
     * {@code schoolLoginId} is not {@code null}.
     */
    public String clientsUrl(Integer schoolLoginId) {
        String url = baseUrl + "/api/v1/settings/clients";
        return schoolLoginId == null ? url : url + "/" + schoolLoginId;
    }

    /** Returns the host name of the base URL, used to send credentials to d6 and nowhere else. */
    public String host() {
        return URI.create(baseUrl).getHost();
    }

    @Override
    public String toString() {
        return "D6Settings[baseUrl=" + baseUrl + ", username=" + (username == null ? "unset" : "set")
                + ", password=" + (password == null ? "unset" : "set") + ", apiVersion=" + apiVersion
                + ", v2Method=" + v2Method + ", maximumRedeliveries=" + maximumRedeliveries + ", initialDelay="
                + initialDelay + ", multiplier=" + multiplier + ", maximumDelay=" + maximumDelay + "]";
    }
}

package io.github.d6connector.clients;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of d6's Get Clients list: a school that authorised the integrator for one API type. A school
 * appears once per API type.
 *
 * <p>The fields keep d6's names and values. {@code active} adds d6's {@code activated_by_integrator}
 * ({@code "Yes"} or {@code "No"}) as a boolean, and is {@code null} for any other value. d6's contact fields
 * (admin e-mail address and telephone number) are left out because no caller of the connector needs them.
 *
 * @param schoolLoginId         d6's school login id, a string of digits
 * @param apiTypeId             d6's API type id, such as 8 for "Admin+ API"
 * @param activatedByIntegrator {@code "Yes"} when the integrator is actively servicing the school
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"school_login_id", "school_name", "api_type_id", "api_type", "activated_by_integrator",
        "active"})
public record ClientIntegration(
        @JsonProperty("school_login_id") String schoolLoginId,
        @JsonProperty("school_name") String schoolName,
        @JsonProperty("api_type_id") int apiTypeId,
        @JsonProperty("api_type") String apiType,
        @JsonProperty("activated_by_integrator") String activatedByIntegrator) {

    static final String YES = "Yes";
    static final String NO = "No";

    /** Returns {@code activated_by_integrator} as a boolean, or {@code null} when it is neither Yes nor No. */
    @JsonProperty("active")
    public Boolean active() {
        if (activatedByIntegrator == null) {
            return null;
        }
        return switch (activatedByIntegrator.trim().toLowerCase(Locale.ROOT)) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Returns whether the entry is for the school, comparing the ids as numbers. */
    public boolean isSchool(int schoolLoginId) {
        String id = schoolLoginId().trim();
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Long.parseLong(id) == schoolLoginId;
    }

    /** Returns a copy whose {@code activated_by_integrator} is "Yes" or "No" for the given state. */
    public ClientIntegration withActive(boolean active) {
        return new ClientIntegration(schoolLoginId, schoolName, apiTypeId, apiType, active ? YES : NO);
    }
}

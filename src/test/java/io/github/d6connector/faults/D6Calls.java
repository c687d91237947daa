package io.github.d6connector.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.github.d6connector.testsupport.TestConnector;

/**
 * Reads the WireMock journal of the d6 stub: how many PATCH calls each request got, and whether every call
 * was the documented request.
 */
final class D6Calls {

    static final String CLIENTS_PATH = "/api/v1/settings/clients/";
    static final String EXPECTED_BODY = "{\"api_type_id\":8,\"state\":1}";

    private D6Calls() {
    }

    /** Returns the number of PATCH calls d6 received for each school, keyed by school. */
    static Map<Integer, Integer> patchesBySchool(WireMockServer d6) {
        Map<Integer, Integer> calls = new HashMap<>();
        for (LoggedRequest request : patches(d6)) {
            calls.merge(school(request), 1, Integer::sum);
        }
        return calls;
    }

    /**
     * Returns the number of PATCH calls per request id, 0 for a request d6 never received, given each
     * request's school.
     */
    static Map<String, Integer> patchesByRequestId(WireMockServer d6, Map<String, Integer> schoolByRequestId) {
        Map<Integer, Integer> bySchool = patchesBySchool(d6);
        Map<String, Integer> byRequestId = new TreeMap<>();
        schoolByRequestId.forEach((requestId, school) -> byRequestId.put(requestId, bySchool.getOrDefault(school, 0)));
        return byRequestId;
    }

    /** Returns the PATCH calls whose body, content type or credentials differ from the documented request. */
    static List<String> undocumentedPatches(WireMockServer d6) {
        return patches(d6).stream()
                .filter(request -> !EXPECTED_BODY.equals(request.getBodyAsString())
                        || !"application/json".equals(request.getHeader("Content-Type"))
                        || !TestConnector.D6_USERNAME.equals(request.getHeader("HTTP-X-USERNAME"))
                        || !TestConnector.D6_PASSWORD.equals(request.getHeader("HTTP-X-PASSWORD")))
                .map(request -> request.getUrl() + " " + request.getBodyAsString())
                .toList();
    }

    static int patchCount(WireMockServer d6) {
        return patches(d6).size();
    }

    private static List<LoggedRequest> patches(WireMockServer d6) {
        return d6.getAllServeEvents().stream()
                .map(event -> event.getRequest())
                .filter(request -> request.getMethod().equals(RequestMethod.PATCH))
                .map(LoggedRequest.class::cast)
                .toList();
    }

    private static int school(LoggedRequest request) {
        String url = request.getUrl();
        if (!url.startsWith(CLIENTS_PATH)) {
            return -1;
        }
        return Integer.parseInt(url.substring(CLIENTS_PATH.length()));
    }
}

package io.github.d6connector.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * WireMock playing d6 on a free localhost port.
 */
public final class D6Stub {

    public static final String CLIENT_1000_PATH = "/api/v1/settings/clients/1000";
    public static final String CLIENTS_PATH = "/api/v1/settings/clients";
    public static final String CLIENT_INTEGRATIONS_V2_PATH = "/api/v2/settings/clientintegrations";

    /**
     * A Get Clients body in d6's documented shape: school 1000 has authorised API types 8 (active) and 9
     * (inactive), school 1001 API type 8 (inactive).
     */
    public static final String CLIENTS_LIST = """
            [
              {"school_login_id": "1000", "school_name": "Greenfield Primary", "admin_email_address": "office@greenfield.example",
               "telephone_calling_code": "+27", "telephone_number": "0100001000", "api_type_id": 8,
               "api_type": "Admin+ API", "activated_by_integrator": "Yes"},
              {"school_login_id": "1000", "school_name": "Greenfield Primary", "admin_email_address": "office@greenfield.example",
               "telephone_calling_code": "+27", "telephone_number": "0100001000", "api_type_id": 9,
               "api_type": "Curriculum+ API", "activated_by_integrator": "No"},
              {"school_login_id": "1001", "school_name": "Hillcrest High", "admin_email_address": "admin@hillcrest.example",
               "telephone_calling_code": "+27", "telephone_number": "0100001001", "api_type_id": 8,
               "api_type": "Admin+ API", "activated_by_integrator": "No"}
            ]
            """;

    private D6Stub() {
    }

    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }
}

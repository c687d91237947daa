package io.github.d6connector.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * WireMock playing d6 on a free localhost port.
 */
public final class D6Stub {

    public static final String CLIENT_1000_PATH = "/api/v1/settings/clients/1000";
    public static final String CLIENT_INTEGRATIONS_V2_PATH = "/api/v2/settings/clientintegrations";

    private D6Stub() {
    }

    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }
}

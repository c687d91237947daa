package io.github.d6connector.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * Builds the TLS settings of the connector as Camel {@link SSLContextParameters}: the trust store for calls to
 * d6 and the key store of the REST API's HTTPS server. A configured store is loaded once at startup, so a
 * wrong path or password stops the connector with a message instead of failing the first request.
 */
public final class TlsContexts {

    private static final String DEFAULT_STORE_TYPE = "PKCS12";

    private final CamelContext context;
    private final SettingsReader settings;

    public TlsContexts(CamelContext context, SettingsReader settings) {
        this.context = context;
        this.settings = settings;
    }

    /**
     * Returns the TLS settings of calls to d6: the trust store {@code d6.tls.trust-store} when set, else the
     * JVM's default trust store. There is deliberately no setting that trusts every certificate.
     */
    public SSLContextParameters d6Client() {
        SSLContextParameters parameters = new SSLContextParameters();
        Optional<KeyStoreParameters> trustStore = store("d6.tls.trust-store");
        trustStore.ifPresent(store -> {
            TrustManagersParameters trustManagers = new TrustManagersParameters();
            trustManagers.setKeyStore(store);
            parameters.setTrustManagers(trustManagers);
        });
        if (trustStore.isEmpty()) {
            // The JVM's own trust store needs no check; the HTTP client loads it when its route starts.
            parameters.setCamelContext(context);
            return parameters;
        }
        return load(parameters, "d6.tls.trust-store");
    }

    /** Returns the key store of the REST API's HTTPS server, or empty to serve plain HTTP. */
    public Optional<SSLContextParameters> restServer() {
        return store("connector.rest.tls.key-store").map(store -> {
            KeyManagersParameters keyManagers = new KeyManagersParameters();
            keyManagers.setKeyStore(store);
            keyManagers.setKeyPassword(store.getPassword());
            SSLContextParameters parameters = new SSLContextParameters();
            parameters.setKeyManagers(keyManagers);
            return load(parameters, "connector.rest.tls.key-store");
        });
    }

    private Optional<KeyStoreParameters> store(String setting) {
        Optional<String> path = settings.optional(setting);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(path.get());
        if (!Files.isReadable(file)) {
            throw new InvalidSettingException("Setting " + setting + " names " + file
                    + ", which does not exist or cannot be read. Check the path.");
        }
        KeyStoreParameters store = new KeyStoreParameters();
        store.setCamelContext(context);
        store.setResource("file:" + file.toAbsolutePath());
        store.setType(settings.string(setting + "-type", DEFAULT_STORE_TYPE));
        settings.secret(setting + "-password").ifPresent(store::setPassword);
        return Optional.of(store);
    }

    private SSLContextParameters load(SSLContextParameters parameters, String source) {
        parameters.setCamelContext(context);
        try {
            parameters.createSSLContext(context);
        } catch (Exception e) {
            throw new InvalidSettingException("Could not load " + source + ": " + e.getMessage()
                    + ". Check the file, its type and its password.");
        }
        return parameters;
    }
}

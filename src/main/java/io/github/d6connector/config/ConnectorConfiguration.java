package io.github.d6connector.config;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import java.util.function.Supplier;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.github.d6connector.access.RestCallers;
import io.github.d6connector.access.SchoolAccess;
import io.github.d6connector.access.SchoolAllowList;
import io.github.d6connector.batch.BatchErrorHandling;
import io.github.d6connector.batch.BatchFileProperties;
import io.github.d6connector.batch.BatchRestProcessors;
import io.github.d6connector.batch.BatchStore;
import io.github.d6connector.broker.EmbeddedBroker;
import io.github.d6connector.bulk.BulkFileProcessor;
import io.github.d6connector.bulk.BulkRunListener;
import io.github.d6connector.bulk.BulkSettings;
import io.github.d6connector.broker.JmsConnectionFactories;
import io.github.d6connector.clients.ClientsCache;
import io.github.d6connector.clients.ClientsCacheUpdate;
import io.github.d6connector.clients.ClientsLookup;
import io.github.d6connector.clients.ClientsPreCheck;
import io.github.d6connector.d6.D6ApiVersion;
import io.github.d6connector.d6.D6CallRoutes;
import io.github.d6connector.d6.D6CircuitBreaker;
import io.github.d6connector.d6.D6CircuitState;
import io.github.d6connector.d6.D6GetClientsRoutes;
import io.github.d6connector.d6.D6HttpClientConfigurer;
import io.github.d6connector.d6.IoFailures;
import io.github.d6connector.d6.D6RateLimiter;
import io.github.d6connector.d6.D6Settings;
import io.github.d6connector.flow.ClientStateRoutes;
import io.github.d6connector.input.ApiKeyHeaderFilter;
import io.github.d6connector.input.FileDropErrorHandling;
import io.github.d6connector.ledger.LedgerSteps;
import io.github.d6connector.ledger.RequestLedger;
import io.github.d6connector.input.FileDropProperties;
import io.github.d6connector.input.InboxFileGate;
import io.github.d6connector.input.InboxRetryBackoff;
import io.github.d6connector.input.StableFileReadLock;
import io.github.d6connector.input.JmsOutcomeReply;
import io.github.d6connector.input.JmsRequestReader;
import io.github.d6connector.input.RestCallerAuthenticator;
import io.github.d6connector.input.RestClientsQueryReader;
import io.github.d6connector.input.RestClientsResponse;
import io.github.d6connector.input.RestErrorResponses;
import io.github.d6connector.input.RestRequestReader;
import io.github.d6connector.input.RestRequestIds;
import io.github.d6connector.input.RestResponses;
import io.github.d6connector.input.RestSchoolAccess;
import io.github.d6connector.journal.OutcomeHistoryRequest;
import io.github.d6connector.journal.OutcomeJournal;
import io.github.d6connector.journal.OutcomeJournalWriter;
import io.github.d6connector.observe.BrokerHealthCheck;
import io.github.d6connector.observe.ConnectorMetrics;
import io.github.d6connector.observe.RouteMetrics;
import io.github.d6connector.observe.D6CircuitHealthCheck;
import io.github.d6connector.observe.InboxBacklog;
import io.github.d6connector.observe.RequestMdcInterceptStrategy;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.request.RequestValidator;
import io.github.d6connector.sandbox.D6Sandbox;

/**
 * Wires the connector from its settings before Camel starts the routes: the d6 target (or the local
 * sandbox), the JMS broker, the beans the YAML routes refer to and the Java routes of the core.
 */
public final class ConnectorConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorConfiguration.class);

    private final ConnectorResources resources;
    private final Clock clock = Clock.systemUTC();

    private volatile D6CircuitBreaker circuitBreaker;
    private final Supplier<D6CircuitState> circuitState = () -> circuitBreaker == null
            ? D6CircuitState.CLOSED : D6CircuitState.valueOf(circuitBreaker.state());

    public ConnectorConfiguration(ConnectorResources resources) {
        this.resources = resources;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        CommandLineSecrets.rejectSecretsIn(System.getProperties());
        context.getManagementStrategy().addEventNotifier(new ResourcesCloser(resources));
        context.getCamelContextExtension().addInterceptStrategy(new RequestMdcInterceptStrategy());
        SettingsReader settings = new SettingsReader(context.getPropertiesComponent());
        boolean sandboxEnabled = settings.bool("d6.sandbox.enabled", false);

        TlsContexts tls = new TlsContexts(context, settings);
        SSLContextParameters d6Tls = tls.d6Client();
        Optional<SSLContextParameters> restTls = tls.restServer();
        restTls.ifPresent(server -> {
            context.setSSLContextParameters(server);
            LOG.info("The REST API serves HTTPS with the key store {}", settings.string("connector.rest.tls.key-store", ""));
        });
        LOG.info("REST API on {}://{}:{}/api/v1 (OpenAPI document /api/v1/openapi.json, health /observe/health,"
                + " metrics /observe/metrics)", restTls.isPresent() ? "https" : "http",
                settings.string("connector.rest.host", "127.0.0.1"), settings.string("connector.rest.port", "8080"));

        D6Settings d6 = sandboxEnabled ? startSandbox(settings) : d6Settings(settings);
        RestCallers callers = new RestCallersReader(settings).read(sandboxEnabled);
        SchoolAccess access = new SchoolAccess(SchoolAllowList.parse(SchoolAccess.GLOBAL_SETTING,
                settings.optional(SchoolAccess.GLOBAL_SETTING).orElse(null)), callers);
        BrokerHealthCheck brokerHealth = configureJms(context, settings);

        OutcomeFactory outcomes = new OutcomeFactory(clock);
        RequestValidator validator = new RequestValidator();
        RestCallerAuthenticator authenticator = new RestCallerAuthenticator(callers);
        if (authenticator.isEnabled()) {
            LOG.info("REST callers: {}", String.join(", ", callers.names()));
        } else {
            LOG.warn("No REST caller is configured (connector.rest.api-key, connector.rest.callers): "
                    + "the REST API rejects every call with 401");
        }
        String doneFolder = settings.string("connector.file.done-folder", "done");
        String failedFolder = settings.string("connector.file.failed-folder", "failed");
        String inbox = settings.string("connector.file.inbox", "data/inbox");

        ClientsCache clientsCache = new ClientsCache(settings.millis("d6.clients.cache-ttl", 60000), clock);
        ClientsLookup clientsLookup = new ClientsLookup(context.createProducerTemplate(), D6GetClientsRoutes.ENDPOINT,
                clientsCache);
        boolean preCheckEnabled = settings.bool("d6.clients.pre-check", false);
        ClientsPreCheck preCheck = new ClientsPreCheck(preCheckEnabled, clientsLookup, outcomes, clock);
        D6RateLimiter rateLimiter = new D6RateLimiter(settings.decimal("d6.rate-limit.requests-per-second", 10),
                settings.integer("d6.rate-limit.max-concurrent", 8));
        circuitBreaker = circuitBreaker(context, settings, d6);
        if (settings.bool("camel.metrics.enabled", false)) {
            RouteMetrics.install(context, meterRegistry(context));
        }
        ConnectorMetrics metrics = new ConnectorMetrics(meterRegistry(context), rateLimiter, circuitState,
                new InboxBacklog(Path.of(inbox)));
        OutcomeJournal journal = resources.add(new OutcomeJournal(
                Path.of(settings.string("connector.data-dir", "data"), "journal"),
                settings.bool("connector.journal.fsync", true)));

        Registry registry = context.getRegistry();
        registry.bind(D6CallRoutes.CREDENTIALS_CONFIGURER,
                new D6HttpClientConfigurer(d6.host(), d6.username(), d6.password()));
        registry.bind(D6CallRoutes.SSL_CONTEXT_PARAMETERS, d6Tls);
        registry.bind("fileDropProperties", new FileDropProperties(clock, doneFolder));
        BatchStore batches = new BatchStore(Path.of(settings.string("connector.batch.folder", "data/batches")), clock);
        BatchRestProcessors batchRest = new BatchRestProcessors(batches);
        removePartialReports(Path.of(settings.string("connector.file.outbox", "data/outbox")));
        removePartialReports(batches.reportFolder());
        registry.bind("bulkFileProcessor", bulkFileProcessor(context, settings, validator, outcomes, batches));
        registry.bind("batchFileProperties", new BatchFileProperties(batches));
        registry.bind("batchCreate", batchRest.create());
        registry.bind("batchStatus", batchRest.status());
        registry.bind("restRequestId", new RestRequestIds());
        registry.bind("restCallerAuthenticator", authenticator);
        registry.bind("restRequestReader", new RestRequestReader(validator));
        registry.bind("restSchoolAccess", new RestSchoolAccess(access));
        registry.bind("restOutcomeResponse", (Processor) RestResponses::outcome);
        registry.bind("outcomeHistory", new OutcomeHistoryRequest(journal, access));
        registry.bind("jmsRequestReader", new JmsRequestReader(validator));
        registry.bind("jmsOutcomeReply", new JmsOutcomeReply());
        registry.bind("clientsLookup", clientsLookup);
        registry.bind("restClientsQueryReader", new RestClientsQueryReader(validator, false));
        registry.bind("restSchoolClientsQueryReader", new RestClientsQueryReader(validator, true));
        registry.bind("restClientsResponse", new RestClientsResponse(clock));
        registry.bind("d6RateLimiter", rateLimiter);
        context.getComponent("platform-http", PlatformHttpComponent.class)
                .setHeaderFilterStrategy(new ApiKeyHeaderFilter(callers));

        registerHealthChecks(context, brokerHealth, new D6CircuitHealthCheck(circuitState));

        context.addRoutes(new RestErrorResponses());
        context.addRoutes(new BatchErrorHandling());
        InboxRetryBackoff inboxBackoff = new InboxRetryBackoff(clock,
                settings.millis("connector.file.retry-delay", 30000));
        StableFileReadLock inboxReadLock = new StableFileReadLock(clock,
                settings.millis("connector.file.read-lock-check-interval", 1000));
        registry.bind("inboxReadLock", inboxReadLock);
        registry.bind("inboxFileFilter", (GenericFileFilter<File>) file ->
                inboxBackoff.accept(file) && inboxReadLock.accept(file));
        // Checked here only: the file-drop route passes it to Camel's maxMessagesPerPoll.
        settings.positiveInteger("connector.file.max-files-per-poll", 100);
        int concurrentFiles = settings.positiveInteger("connector.file.concurrent-files", 16);
        registry.bind("inboxFileGate", new InboxFileGate(concurrentFiles));
        context.addRoutes(new FileDropErrorHandling("file:" + inbox + "/" + failedFolder, failedFolder, inboxBackoff));
        Duration ledgerWindow = settings.millis("connector.idempotency.window", Duration.ofDays(1).toMillis());
        RequestLedger ledger = ledgerWindow.isZero() ? null : resources.add(new RequestLedger(
                Path.of(settings.string("connector.data-dir", "data"), "ledger"), ledgerWindow, clock));
        ClientStateRoutes.DeliverySettings delivery = new ClientStateRoutes.DeliverySettings(
                settings.integer("connector.outcome.maximum-redeliveries", 5),
                settings.millis("connector.outcome.initial-delay", 500),
                settings.millis("connector.outcome.maximum-delay", 10000));
        context.addRoutes(new ClientStateRoutes(outcomes, clock, new LedgerSteps(ledger), delivery, preCheck,
                new ClientsCacheUpdate(clientsCache), access, new OutcomeJournalWriter(journal, clock), metrics));
        registry.bind("d6CircuitBreaker", circuitBreaker);
        context.addRoutes(new D6CallRoutes(d6, outcomes, clock, rateLimiter, circuitBreaker,
                settings.millis("d6.circuit.wait-poll", 1000), metrics));
        context.addRoutes(new D6GetClientsRoutes(d6, clock));

        LOG.info("d6 target {} as {}, API {} ({} for the state change); redelivery: {} attempts at most, {} ms initial"
                        + " delay, x{}, {} ms maximum delay; Get Clients cached for {} ms; pre-check {}",
                d6.baseUrl(), sandboxEnabled ? "the local sandbox" : "configured", d6.apiVersion(),
                d6.clientStateMethod(), d6.maximumRedeliveries() + 1, d6.initialDelay().toMillis(), d6.multiplier(),
                d6.maximumDelay().toMillis(), clientsCache.ttl().toMillis(), preCheckEnabled ? "on" : "off");
        LOG.info("Outcome journal in {}", journal.folder());
    }

    /**
     * Returns the Prometheus registry that camel-micrometer-prometheus serves on the metrics endpoint, creating
     * and binding it under the name that component looks up when it does not exist yet.
     */
    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry existing = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (existing != null) {
            return existing;
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, created);
        return created;
    }

    private static void registerHealthChecks(CamelContext context, HealthCheck... checks) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health == null) {
            LOG.warn("Camel's health-check registry is missing (camel.health.enabled=false?): the connector's "
                    + "broker and d6 circuit checks are not registered");
            return;
        }
        for (HealthCheck check : checks) {
            health.register(check);
        }
    }

    private BulkFileProcessor bulkFileProcessor(CamelContext context, SettingsReader settings,
                                                RequestValidator validator, OutcomeFactory outcomes,
                                                BulkRunListener listener) {
        int concurrency = settings.integer("connector.bulk.concurrency", 16);
        BulkSettings bulk = new BulkSettings(concurrency, Math.max(settings.integer("connector.bulk.window", 1000),
                concurrency), settings.millis("connector.bulk.progress-interval", 10000),
                settings.bool("connector.bulk.dry-run", false));
        ExecutorService workers = context.getExecutorServiceManager().newFixedThreadPool(this, "bulk-rows",
                concurrency);
        ScheduledExecutorService progressTimer = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "bulk-progress");
        return new BulkFileProcessor(context, validator, outcomes, bulk,
                Path.of(settings.string("connector.file.outbox", "data/outbox")), workers, progressTimer, clock,
                listener);
    }

    /**
     * Deletes reports left half-written by a process that was killed. Their input files are still in the
     * inbox and produce a complete report when read again.
     */
    private static void removePartialReports(Path folder) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(folder)) {
            return;
        }
        try (var files = java.nio.file.Files.newDirectoryStream(folder, "*.part")) {
            for (Path partial : files) {
                java.nio.file.Files.delete(partial);
                LOG.info("Deleted the partial report {} of an earlier run; its input is processed again", partial);
            }
        }
    }

    private D6CircuitBreaker circuitBreaker(CamelContext context, SettingsReader settings, D6Settings d6) {
        if (!settings.bool("d6.circuit.enabled", true)) {
            return null;
        }
        D6CircuitBreaker breaker = new D6CircuitBreaker(new D6CircuitBreaker.CircuitBreakerSettings(
                settings.integer("d6.circuit.window", 20), settings.integer("d6.circuit.minimum-calls", 10),
                (float) settings.decimal("d6.circuit.failure-rate-threshold", 50),
                settings.millis("d6.circuit.probe-interval", 30000)),
                context, List.of("jms-requests", "file-drop-requests", "batch-requests"),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "d6-circuit"));
        String probeUrl = d6.baseUrl() + settings.string("d6.circuit.probe-path", "/api/v1/settings/clients");
        breaker.setProbe(() -> probe(context, d6, probeUrl));
        return breaker;
    }

    /** Calls d6 once to see whether it answers; any status below 500, and 501, counts as an answer. */
    private static boolean probe(CamelContext context, D6Settings d6, String probeUrl) {
        Exchange answer = context.createProducerTemplate().request(d6.baseUrl()
                + "?httpMethod=GET&throwExceptionOnFailure=false&followRedirects=false&copyHeaders=false"
                + "&httpClientConfigurer=#" + D6CallRoutes.CREDENTIALS_CONFIGURER,
                exchange -> exchange.getMessage().setHeader(Exchange.HTTP_URI, probeUrl));
        if (answer.getException() != null) {
            LOG.info("d6 probe failed: {}", IoFailures.describe(answer.getException()));
            return false;
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        LOG.info("d6 probe answered HTTP {}", status);
        return status < 500 || status == 501;
    }

    private D6Settings d6Settings(SettingsReader settings) {
        String baseUrl = baseUrl(settings.required("d6.base-url", "the d6 Integrate base URL"));
        String username = settings.requiredSecret("d6.username", "the integrator username issued by d6");
        String password = settings.requiredSecret("d6.password", "the integrator password issued by d6");
        return withRetry(settings, baseUrl, username, password);
    }

    private D6Settings startSandbox(SettingsReader settings) throws Exception {
        String username = settings.string("d6.sandbox.username", "sandbox-integrator");
        String password = settings.string("d6.sandbox.password", "sandbox-password");
        D6Sandbox sandbox = resources.add(new D6Sandbox(settings.integer("d6.sandbox.port", 8089), username, password,
                settings.string("d6.sandbox.schools", "1000=8,9;1001=8;1002=9")));
        sandbox.start();
        LOG.info("Sandbox mode: requests go to the local d6 sandbox at {}, never to the real d6", sandbox.baseUrl());
        return withRetry(settings, sandbox.baseUrl(), username, password);
    }

    private static D6Settings withRetry(SettingsReader settings, String baseUrl, String username, String password) {
        int maximumRedeliveries = settings.integer("d6.retry.maximum-redeliveries", 4);
        double multiplier = settings.decimal("d6.retry.multiplier", 2.0);
        if (maximumRedeliveries < 0) {
            throw new InvalidSettingException(
                    "Setting d6.retry.maximum-redeliveries must be 0 or more, got " + maximumRedeliveries);
        }
        if (multiplier < 1.0) {
            throw new InvalidSettingException("Setting d6.retry.multiplier must be 1 or more, got " + multiplier);
        }
        D6ApiVersion apiVersion = D6ApiVersion.fromSetting("d6.api-version", settings.string("d6.api-version", "v1"));
        return new D6Settings(baseUrl, username, password, apiVersion, v2Method(settings), maximumRedeliveries,
                settings.millis("d6.retry.initial-delay", 1000), multiplier,
                settings.millis("d6.retry.maximum-delay", 30000));
    }

    private static String v2Method(SettingsReader settings) {
        String method = settings.string("d6.v2.method", "PATCH").toUpperCase(Locale.ROOT);
        if (!method.equals("PATCH") && !method.equals("POST")) {
            throw new InvalidSettingException("Setting d6.v2.method must be PATCH or POST, got \"" + method + "\"");
        }
        return method;
    }

    private static String baseUrl(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("Setting d6.base-url is not a valid URL: \"" + value + "\"");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getQuery() != null) {
            throw new InvalidSettingException(
                    "Setting d6.base-url must be an http or https URL without a query, such as "
                            + "https://integrate.d6plus.co.za, got \"" + value + "\"");
        }
        return trimmed;
    }

    /** Starts the embedded broker or connects to the external one, and returns the broker's health check. */
    private BrokerHealthCheck configureJms(CamelContext context, SettingsReader settings) throws Exception {
        String brokerUrl = settings.optional("connector.jms.broker-url").orElse(null);
        EmbeddedBroker embedded = null;
        if (brokerUrl == null) {
            File dataDirectory = new File(settings.string("connector.data-dir", "data"), "broker");
            embedded = resources.add(
                    new EmbeddedBroker(dataDirectory, settings.integer("connector.jms.embedded-port", 61616)));
            EmbeddedBroker starting = embedded;
            starting.startInBackground();
            context.addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onContextStarting(CamelContext camelContext) {
                    try {
                        starting.awaitStarted();
                    } catch (Exception e) {
                        throw new IllegalStateException("The embedded JMS broker did not start: " + e.getMessage(), e);
                    }
                }
            });
            brokerUrl = embedded.inJvmUrl();
        } else {
            LOG.info("Using the external JMS broker at {}", brokerUrl);
        }

        CachingConnectionFactory connectionFactory = JmsConnectionFactories.create(brokerUrl,
                settings.secret("connector.jms.username").orElse(null),
                settings.secret("connector.jms.password").orElse(null),
                settings.integer("connector.jms.maximum-redeliveries", 5));
        resources.add(connectionFactory::destroy);
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(connectionFactory);

        if (embedded != null) {
            EmbeddedBroker broker = embedded;
            return new BrokerHealthCheck("embedded", () -> {
                if (!broker.isRunning()) {
                    throw new IllegalStateException("the embedded broker is not running");
                }
            });
        }
        // NOTE: only the embedded broker's check runs in the tests; this one is untested against a real broker.
        return new BrokerHealthCheck("external", () -> connectionFactory.createConnection().getMetaData());
    }
}

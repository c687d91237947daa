package io.github.d6connector.bulk;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.d6connector.flow.ClientStateRoutes;
import io.github.d6connector.input.BulkFileStoppedException;
import io.github.d6connector.input.FileDropProperties;
import io.github.d6connector.input.UnreadableRequestFileException;
import io.github.d6connector.outcome.OutcomeFactory;
import io.github.d6connector.outcome.OutcomeRecord;
import io.github.d6connector.request.ClientStateRequest;
import io.github.d6connector.request.InvalidRequest;
import io.github.d6connector.request.ParsedRequest;
import io.github.d6connector.request.RequestProperties;

/**
 * Processes one bulk file (JSON or CSV) as a stream: reads a row at a time, sends rows to d6 concurrently,
 * and writes the report in input order to the outbox.
 *
 * <p>Rows with the same school, API type and state are sent once; the repeats get the first row's outcome in
 * the report, marked as duplicates. In a dry run (the {@code connector.bulk.dry-run} setting, or a file named
 * {@code *.dry-run.csv} or {@code *.dry-run.json}) rows are validated and reported as {@code VALIDATED}
 * without calling d6 or sending outcomes to the endpoints. The report is written under a {@code .part} name
 * and renamed when complete. When a file stops part-way (a syntax error after some rows, an outcome that
 * cannot be delivered), the report keeps the rows done so far.
 */
public final class BulkFileProcessor implements Processor {

    /** Exchange property with the folder for this file's report, when it is not the outbox. */
    public static final String REPORT_FOLDER = "d6ReportFolder";

    private static final Logger LOG = LoggerFactory.getLogger(BulkFileProcessor.class);

    private final CamelContext context;
    private final io.github.d6connector.request.RequestValidator validator;
    private final OutcomeFactory outcomes;
    private final BulkSettings settings;
    private final Path outbox;
    private final ExecutorService workers;
    private final ScheduledExecutorService progressTimer;
    private final Clock clock;
    private final BulkRunListener listener;
    private volatile AsyncProducer producer;

    public BulkFileProcessor(CamelContext context, io.github.d6connector.request.RequestValidator validator,
                             OutcomeFactory outcomes, BulkSettings settings, Path outbox, ExecutorService workers,
                             ScheduledExecutorService progressTimer, Clock clock, BulkRunListener listener) {
        this.context = context;
        this.validator = validator;
        this.outcomes = outcomes;
        this.settings = settings;
        this.outbox = outbox;
        this.workers = workers;
        this.progressTimer = progressTimer;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String fileName = exchange.getProperty(FileDropProperties.INPUT_FILE_NAME, String.class);
        Path file = Paths.get(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        BulkFormat format = BulkFormat.of(fileName);
        boolean dryRun = settings.dryRun() || fileName.toLowerCase(Locale.ROOT).contains(".dry-run.");
        String reportName = exchange.getProperty(FileDropProperties.RESULT_FILE_NAME, String.class);

        Path reportFolder = Path.of(exchange.getProperty(REPORT_FOLDER, outbox.toString(), String.class));
        Files.createDirectories(reportFolder);
        Path partial = reportFolder.resolve(reportName + ".part");
        BulkFileRun run = null;
        try (RowSource source = open(file, fileName, format);
             Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
             ReportWriter report = reportWriter(writer, source, format)) {
            int total = RowCounter.count(file, format);
            if (total > 1) {
                LOG.info("File {}: {} {} row(s) to process{}", fileName, total, format,
                        dryRun ? " as a dry run" : "");
            }
            run = new BulkFileRun(fileName, total, dryRun, report,
                    exchange.getProperty(RequestProperties.INPUT, "file", String.class),
                    exchange.getProperty(RequestProperties.CALLER, String.class));
            listener.started(exchange, total, run.sequencer::written, run.sequencer::counts);
            run.processAll(source);
        } catch (Exception e) {
            listener.failed(exchange, e instanceof UnreadableRequestFileException ? e.getMessage()
                    : "processing stopped by an unexpected error; the log has the details");
            if (run != null && run.sequencer.written() > 0 && !(e instanceof BulkFileStoppedException)) {
                Files.move(partial, reportFolder.resolve(reportName), StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("File {} stopped after {} row(s); their outcomes are in the report {}", fileName,
                        run.sequencer.written(), reportName);
            } else {
                Files.deleteIfExists(partial);
            }
            throw e;
        }
        Files.move(partial, reportFolder.resolve(reportName), StandardCopyOption.ATOMIC_MOVE);
        run.logSummary(reportName);
        listener.finished(exchange, run.sequencer.written(), run.sequencer.counts(), reportName);
        exchange.getMessage().setBody(run.summary());
    }

    private RowSource open(Path file, String fileName, BulkFormat format)
            throws IOException, UnreadableRequestFileException {
        return format == BulkFormat.CSV
                ? new CsvRowSource(file, fileName, validator)
                : new JsonRowSource(file, fileName, validator);
    }

    private static ReportWriter reportWriter(Writer writer, RowSource source, BulkFormat format) throws IOException {
        if (format == BulkFormat.CSV) {
            List<String> extra = ((CsvRowSource) source).header().stream()
                    .filter(name -> !List.of("school_login_id", "api_type_id", "state", "request_id").contains(name))
                    .toList();
            return new CsvReportWriter(writer, extra);
        }
        return new JsonReportWriter(writer);
    }

    private boolean isStopping() {
        return context.getStatus().isStopping() || context.getStatus().isStopped();
    }

    private AsyncProducer producer() throws Exception {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    AsyncProducer created = context.getEndpoint(ClientStateRoutes.ENDPOINT).createAsyncProducer();
                    ServiceHelper.startService(created);
                    producer = created;
                }
            }
        }
        return producer;
    }

    /** The state of one file while it runs. */
    private final class BulkFileRun {

        private final String fileName;
        private final int total;
        private final boolean dryRun;
        private final Semaphore window = new Semaphore(settings.window());
        private final ReportSequencer sequencer;
        private final AtomicReference<Exception> deliveryFailure = new AtomicReference<>();
        private final BulkProgress progress;
        private boolean stopped;
        private final String input;
        private final String caller;

        BulkFileRun(String fileName, int total, boolean dryRun, ReportWriter report, String input, String caller) {
            this.input = input;
            this.caller = caller;
            this.fileName = fileName;
            this.total = total;
            this.dryRun = dryRun;
            this.sequencer = new ReportSequencer(report, window);
            this.progress = new BulkProgress(fileName, total, sequencer::written);
        }

        void processAll(RowSource source) throws Exception {
            long interval = settings.progressInterval().toMillis();
            ScheduledFuture<?> progressLog = progressTimer.scheduleAtFixedRate(progress::log, interval, interval,
                    TimeUnit.MILLISECONDS);
            Map<Long, Integer> firstLineByKey = new HashMap<>();
            int sequence = 0;
            try {
                BulkRow row;
                while (deliveryFailure.get() == null && (row = source.next()) != null) {
                    if (isStopping()) {
                        stopped = true;
                        break;
                    }
                    window.acquire();
                    dispatch(sequence++, row, firstLineByKey);
                }
            } finally {
                window.acquire(settings.window());
                window.release(settings.window());
                progressLog.cancel(false);
            }

            if (deliveryFailure.get() != null) {
                throw deliveryFailure.get();
            }
            if (stopped) {
                throw new BulkFileStoppedException("the connector is stopping after " + sequencer.written()
                        + " row(s); the file is read again after the restart");
            }
            if (sequencer.writeFailure() != null) {
                throw sequencer.writeFailure();
            }
        }

        private void dispatch(int sequence, BulkRow row, Map<Long, Integer> firstLineByKey) throws Exception {
            ParsedRequest request = row.request();
            if (request instanceof ClientStateRequest valid) {
                long key = ((long) valid.schoolLoginId() << 32) | ((long) valid.apiTypeId() << 1) | valid.state();
                Integer firstLine = firstLineByKey.putIfAbsent(key, row.line());
                if (firstLine != null) {
                    sequencer.duplicate(sequence, row.line(), firstLine, valid);
                    return;
                }
                sequencer.keepOutcomeOf(row.line());
                if (dryRun) {
                    sequencer.complete(sequence, row.line(), outcomes.validated(valid, clock.instant()));
                    return;
                }
            } else if (dryRun) {
                sequencer.complete(sequence, row.line(), outcomes.invalid((InvalidRequest) request, clock.instant()));
                return;
            }

            AsyncProducer target = producer();
            workers.execute(() -> send(target, sequence, row));
        }

        private void send(AsyncProducer target, int sequence, BulkRow row) {
            Exchange exchange = new DefaultExchange(context);
            exchange.setProperty(RequestProperties.INPUT, input);
            if (caller != null) {
                exchange.setProperty(RequestProperties.CALLER, caller);
            }
            exchange.getMessage().setBody(row.request());
            target.process(exchange, doneSync -> {
                OutcomeRecord outcome = exchange.getMessage().getBody(OutcomeRecord.class);
                if (exchange.getException() != null || outcome == null) {
                    Exception failure = exchange.getException() != null ? exchange.getException()
                            : new IllegalStateException("no outcome for " + row.request().requestId());
                    deliveryFailure.compareAndSet(null, failure);
                    LOG.error("File {}: request {} on line {} failed and stops the file", fileName,
                            row.request().requestId(), row.line(), failure);
                    outcome = outcomes.internalError(row.request(), 0, clock.instant());
                }
                sequencer.complete(sequence, row.line(), outcome);
            });
        }

        Map<String, Object> summary() {
            Map<String, Object> summary = new HashMap<>();
            summary.put("file", fileName);
            summary.put("rows", sequencer.written());
            summary.put("counts", sequencer.counts());
            return summary;
        }

        void logSummary(String reportName) {
            LOG.info("File {} done: {} row(s) in {}, {}{}; report {}", fileName, sequencer.written(),
                    BulkProgress.format(progress.elapsed()), sequencer.counts(),
                    sequencer.duplicates() > 0 ? ", " + sequencer.duplicates() + " duplicate(s) not sent again" : "",
                    reportName);
            if (total != sequencer.written()) {
                LOG.debug("File {}: counted {} rows before reading, wrote {}", fileName, total, sequencer.written());
            }
        }
    }
}

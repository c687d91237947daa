package io.github.d6connector.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.d6connector.outcome.Json;

/**
 * The append-only outcome journal: one JSON object per line in {@code outcomes-YYYY-MM-DD.jsonl} under its
 * folder, one file per UTC day. Every entry is written in a single append and forced to disk before
 * {@link #append} returns (or only flushed to the operating system with {@code fsync} off), so an entry
 * that was appended survives a restart of the connector.
 *
 * <p>Callers that append at the same time share one {@code fsync} (group commit): while one caller forces
 * the file, the others write their lines, and the next force covers all of them. Each caller still returns
 * only once its own line is on disk. A caller with other work to do can split the append. {@link #write}
 * starts forcing the file on the journal's own thread, and {@link #awaitOnDisk} waits for that force after
 * the caller's other work, so the two overlap.
 *
 * <p>Reading never locks out writers: a query reads the files line by line and skips a line that is not a
 * complete entry, such as one still being written.
 */
public final class OutcomeJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeJournal.class);
    private static final String PREFIX = "outcomes-";
    private static final String SUFFIX = ".jsonl";

    private final Path folder;
    private final boolean fsync;

    // Guarded by this: the file of the current day, open for appending, and the number of lines written.
    private FileChannel channel;
    private LocalDate channelDay;
    private long linesWritten;

    // Guarded by forceLock: the number of lines known to be on disk.
    private final Object forceLock = new Object();
    private long linesForced;

    private final ExecutorService fsyncExecutor;
    private final AtomicBoolean forceScheduled = new AtomicBoolean();

    /**
     * @param folder folder of the journal files, created when missing
     * @param fsync  whether every entry is forced to the disk, not only handed to the operating system
     */
    public OutcomeJournal(Path folder, boolean fsync) {
        this.folder = folder;
        this.fsync = fsync;
        this.fsyncExecutor = fsync ? Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "outcome-journal-fsync");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    public Path folder() {
        return folder;
    }

    /** Appends one entry to the file of the UTC day of its {@code recorded_at} and returns once it is on disk. */
    public void append(JournalEntry entry) throws IOException {
        awaitOnDisk(write(entry));
    }

    /**
     * Writes one entry to the file of the UTC day of its {@code recorded_at} and starts forcing it to disk
     * without waiting. Once this returns, the entry survives a crash of the connector, and {@link #awaitOnDisk}
     * with the returned number waits until it also survives a crash of the machine.
     */
    public long write(JournalEntry entry) throws IOException {
        return write(entry, Json.write(entry.record()));
    }

    /** Writes one entry as {@link #write(JournalEntry)} does, with its record's JSON text already written. */
    public long write(JournalEntry entry, String recordJson) throws IOException {
        LocalDate day = LocalDate.ofInstant(Instant.parse(entry.recordedAt()), ZoneOffset.UTC);
        ByteBuffer line = ByteBuffer.wrap((entry.toJson(recordJson) + "\n").getBytes(StandardCharsets.UTF_8));

        long lineNumber = write(day, line);

        if (fsync && forceScheduled.compareAndSet(false, true)) {
            try {
                fsyncExecutor.execute(this::forceInBackground);
            } catch (RejectedExecutionException e) {
                // The journal is closing, so the caller's awaitOnDisk forces the file itself.
                forceScheduled.set(false);
            }
        }
        return lineNumber;
    }

    /** Returns once the entry {@link #write} numbered {@code lineNumber} is on disk (at once with fsync off). */
    public void awaitOnDisk(long lineNumber) throws IOException {
        if (fsync) {
            forceThrough(lineNumber);
        }
    }

    /** Returns the number of entries known to be on disk, for tests. */
    long linesOnDisk() {
        synchronized (forceLock) {
            return linesForced;
        }
    }

    private void forceInBackground() {
        forceScheduled.set(false);
        long written;
        synchronized (this) {
            written = linesWritten;
        }
        try {
            forceThrough(written);
        } catch (IOException e) {
            // The callers waiting in awaitOnDisk force the file again and see the failure themselves.
            LOG.debug("Forcing the outcome journal failed: {}", e.toString());
        }
    }

    private synchronized long write(LocalDate day, ByteBuffer line) throws IOException {
        FileChannel out = channelFor(day);
        while (line.hasRemaining()) {
            out.write(line);
        }
        return ++linesWritten;
    }

    /** Returns once every line up to {@code lineNumber} is on disk, forcing the file when no one else has. */
    private void forceThrough(long lineNumber) throws IOException {
        synchronized (forceLock) {
            if (linesForced >= lineNumber) {
                return;
            }
            FileChannel out;
            long written;
            synchronized (this) {
                out = channel;
                written = linesWritten;
            }
            if (out != null && out.isOpen()) {
                try {
                    out.force(false);
                } catch (ClosedChannelException e) {
                    // Closing forces the file first (see closeChannel), so its lines are on disk.
                }
            }
            linesForced = written;
        }
    }

    /** Returns one page of entries that match the query, newest first. */
    public JournalPage read(JournalQuery query) throws IOException {
        int wanted = query.limit() + 1;
        List<Located> found = new ArrayList<>();
        LocalDate sinceDay = query.since() == null ? null : LocalDate.ofInstant(query.since(), ZoneOffset.UTC);

        for (LocalDate day : daysNewestFirst()) {
            if (query.cursor() != null && day.isAfter(query.cursor().day())) {
                continue;
            }
            if (sinceDay != null && day.isBefore(sinceDay)) {
                break;
            }
            int endLine = query.cursor() != null && day.equals(query.cursor().day())
                    ? query.cursor().line() : Integer.MAX_VALUE;
            found.addAll(newestMatches(day, endLine, query, wanted - found.size()));
            if (found.size() >= wanted) {
                break;
            }
        }

        List<Located> page = found.subList(0, Math.min(query.limit(), found.size()));
        String nextCursor = null;
        if (found.size() > query.limit()) {
            Located last = page.get(page.size() - 1);
            nextCursor = new JournalCursor(last.day(), last.line()).encode();
        }
        return new JournalPage(page.stream().map(Located::entry).toList(), nextCursor);
    }

    @Override
    public void close() throws IOException {
        if (fsyncExecutor != null) {
            fsyncExecutor.shutdown();
        }
        synchronized (this) {
            closeChannel();
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            if (fsync) {
                channel.force(false);
            }
            channel.close();
            channel = null;
            channelDay = null;
        }
    }

    private FileChannel channelFor(LocalDate day) throws IOException {
        if (channel != null && day.equals(channelDay)) {
            return channel;
        }
        closeChannel();
        Files.createDirectories(folder);
        Path file = fileOf(day);
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        endTornLine(file, opened);
        channel = opened;
        channelDay = day;
        return opened;
    }

    /** Ends a last line cut short by a crash, so that the next entry starts on a line of its own. */
    private static void endTornLine(Path file, FileChannel out) throws IOException {
        long size = out.size();
        if (size == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            in.read(last, size - 1);
        }
        if (last.get(0) != '\n') {
            LOG.warn("Journal file {} ends in an incomplete entry, probably cut short by a crash; it is skipped", file);
            out.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
    }

    private List<Located> newestMatches(LocalDate day, int endLine, JournalQuery query, int count) throws IOException {
        ArrayDeque<Located> newest = new ArrayDeque<>();
        int skipped = 0;
        try (BufferedReader reader = Files.newBufferedReader(fileOf(day), StandardCharsets.UTF_8)) {
            String text;
            for (int line = 0; line < endLine && (text = reader.readLine()) != null; line++) {
                JournalEntry entry = parse(text);
                if (entry == null) {
                    skipped++;
                    continue;
                }
                if (matches(entry, query)) {
                    newest.addLast(new Located(day, line, entry));
                    if (newest.size() > count) {
                        newest.removeFirst();
                    }
                }
            }
        }
        if (skipped > 0) {
            LOG.debug("Journal file {}: skipped {} line(s) that are not complete entries", fileOf(day), skipped);
        }
        List<Located> newestFirst = new ArrayList<>(newest);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static JournalEntry parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(text, JournalEntry.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean matches(JournalEntry entry, JournalQuery query) {
        JsonNode school = entry.record().schoolLoginId();
        String schoolText = school == null || school.isNull() ? null : school.asText();
        if (query.schoolLoginId() != null && !String.valueOf(query.schoolLoginId()).equals(schoolText)) {
            return false;
        }
        if (query.visibleSchool() != null) {
            Integer id = schoolIdOf(schoolText);
            if (id == null || !query.visibleSchool().test(id)) {
                return false;
            }
        }
        if (query.outcome() != null && entry.record().outcome() != query.outcome()) {
            return false;
        }
        if (query.since() != null) {
            try {
                return !Instant.parse(entry.recordedAt()).isBefore(query.since());
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return true;
    }

    private static Integer schoolIdOf(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,9}") || Long.parseLong(text) > Integer.MAX_VALUE) {
            return null;
        }
        return Integer.parseInt(text);
    }

    private List<LocalDate> daysNewestFirst() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(PREFIX) && name.endsWith(SUFFIX))
                    .map(name -> name.substring(PREFIX.length(), name.length() - SUFFIX.length()))
                    .map(OutcomeJournal::dayOf)
                    .filter(java.util.Objects::nonNull)
                    .sorted(Comparator.reverseOrder())
                    .toList();
        }
    }

    private static LocalDate dayOf(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Path fileOf(LocalDate day) {
        return folder.resolve(PREFIX + day + SUFFIX);
    }

    private record Located(LocalDate day, int line, JournalEntry entry) {
    }
}

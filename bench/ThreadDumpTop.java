import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Summarises a series of thread dumps ({@code jcmd PID Thread.print} repeated) as wall-clock samples: for each
 * thread family (name with digits removed) the share of samples per state and per top project or library
 * frame. Unlike JFR's CPU samples this also shows where threads wait: on a lock, on the broker or on d6.
 *
 * <p>Usage: {@code java bench/ThreadDumpTop.java DUMPS.txt [ROWS]}.
 */
public final class ThreadDumpTop {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("Usage: java ThreadDumpTop.java DUMPS.txt [ROWS]");
            System.exit(2);
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        Map<String, Integer> samples = new HashMap<>();
        int dumps = 0;

        String thread = null;
        String state = null;
        List<String> frames = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Full thread dump")) {
                dumps++;
            }
            if (line.startsWith("\"")) {
                flush(samples, thread, state, frames);
                thread = line.substring(1, line.indexOf('"', 1)).replaceAll("\\d+", "#");
                state = null;
                frames.clear();
            } else if (line.trim().startsWith("java.lang.Thread.State:")) {
                state = line.trim().substring("java.lang.Thread.State:".length()).trim().split(" ")[0];
            } else if (line.trim().startsWith("at ")) {
                frames.add(line.trim().substring(3));
            } else if (line.isBlank()) {
                flush(samples, thread, state, frames);
                thread = null;
                frames.clear();
            }
        }
        flush(samples, thread, state, frames);

        System.out.println("Thread dumps: " + dumps);
        System.out.println("Samples per thread family, state and first frame outside java.*, jdk.*, sun.*:");
        final int total = dumps;
        samples.entrySet().stream()
                .filter(entry -> !entry.getKey().contains("idle"))
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(rows)
                .forEach(entry -> System.out.printf("%6d %6.2f per dump  %s%n", entry.getValue(),
                        (double) entry.getValue() / Math.max(1, total), entry.getKey()));
    }

    private static void flush(Map<String, Integer> samples, String thread, String state, List<String> frames) {
        if (thread == null || state == null || frames.isEmpty()) {
            return;
        }
        String top = frames.get(0);
        String useful = top;
        for (String frame : frames) {
            if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")) {
                useful = frame;
                break;
            }
        }
        String key = thread + " | " + state + " | " + stripLine(top)
                + (useful.equals(top) ? "" : " <- " + stripLine(useful));
        samples.merge(key, 1, Integer::sum);
    }

    private static String stripLine(String frame) {
        int paren = frame.indexOf('(');
        return paren > 0 ? frame.substring(0, paren) : frame;
    }
}

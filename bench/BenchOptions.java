import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line options and process figures that the benchmark drivers share. */
final class BenchOptions {

    private BenchOptions() {
    }

    /** Parses {@code --name value} pairs in order; an argument that does not start with {@code --} is invalid. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected an option such as --requests, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /** Returns the CPU time this process has used so far, in milliseconds. */
    static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }
}

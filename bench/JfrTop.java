import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording for the benchmark report: the methods most often on top of the CPU samples
 * ({@code jdk.ExecutionSample}), the project and library methods most often anywhere in the sampled stacks,
 * and the monitors threads waited longest to enter ({@code jdk.JavaMonitorEnter}).
 *
 * <p>Usage: {@code java bench/JfrTop.java RECORDING.jfr [ROWS]}.
 */
public final class JfrTop {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("Usage: java JfrTop.java RECORDING.jfr [ROWS]");
            System.exit(2);
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Duration> monitorWait = new HashMap<>();
        Map<String, Integer> monitorCount = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;

        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            if (type.equals("jdk.ExecutionSample") && stack != null && !stack.getFrames().isEmpty()) {
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1, Integer::sum);
                packages.merge(packageOf(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String name = name(frame);
                    if (seen.add(name)) {
                        inclusive.merge(name, 1, Integer::sum);
                    }
                }
                if (event.getThread("sampledThread") != null) {
                    threads.merge(threadGroup(event.getThread("sampledThread").getJavaName()), 1, Integer::sum);
                }
            } else if (type.equals("jdk.JavaMonitorEnter") && stack != null && !stack.getFrames().isEmpty()) {
                String monitor = event.getClass("monitorClass") == null ? "?" : event.getClass("monitorClass").getName();
                String key = monitor + " entered at " + firstUsefulFrame(stack.getFrames());
                monitorWait.merge(key, event.getDuration(), Duration::plus);
                monitorCount.merge(key, 1, Integer::sum);
            }
        }

        System.out.println("CPU samples: " + samples);
        print("Top frames (self)", self, samples, rows);
        print("Top packages of the top frame", packages, samples, rows);
        print("Sampled threads (names with digits removed)", threads, samples, rows);
        Map<String, Integer> ours = new HashMap<>();
        inclusive.forEach((name, count) -> {
            if (name.startsWith("io.github.d6connector") || name.startsWith("org.apache.activemq.store")
                    || name.startsWith("org.apache.camel.component") || name.startsWith("ch.qos.logback")
                    || name.startsWith("com.fasterxml.jackson.databind.ObjectMapper")
                    || name.startsWith("org.apache.hc.client5.http.impl.classic")) {
                ours.merge(name, count, Integer::sum);
            }
        });
        print("Project and selected library methods anywhere in the stack (inclusive)", ours, samples, rows);
        System.out.println();
        System.out.println("== Monitor waits (jdk.JavaMonitorEnter, only waits above the recording threshold) ==");
        monitorWait.entrySet().stream()
                .sorted((a, b) -> b.getValue().compareTo(a.getValue()))
                .limit(rows)
                .forEach(entry -> System.out.printf("%8d ms %6d waits  %s%n", entry.getValue().toMillis(),
                        monitorCount.get(entry.getKey()), entry.getKey()));
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
        System.out.println();
        System.out.println("== " + title + " ==");
        counts.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(rows)
                .forEach(entry -> System.out.printf("%6d %5.1f%%  %s%n", entry.getValue(),
                        100.0 * entry.getValue() / Math.max(1, samples), entry.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String packageOf(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < Math.min(3, parts.length - 1); i++) {
            name.append(i > 0 ? "." : "").append(parts[i]);
        }
        return name.toString();
    }

    private static String firstUsefulFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                return name + ":" + frame.getLineNumber();
            }
        }
        return name(frames.get(0));
    }

    private static String threadGroup(String threadName) {
        return threadName == null ? "?" : threadName.replaceAll("\\d+", "#");
    }
}

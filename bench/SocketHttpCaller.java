import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client for the paced latency scenarios: one kept-alive socket per caller thread,
 * the request written in one call and the response read on the same thread. It hands no work to other
 * threads, so on a small shared host it adds less of its own delay to the measured latency than
 * {@code java.net.http.HttpClient}, whose selector and executor threads must each be scheduled. It reads
 * responses with {@code Content-Length} or chunked bodies, which is all the stub and the connector send.
 */
final class SocketHttpCaller implements AutoCloseable {

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SocketHttpCaller(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** Sends one request and returns its status code. The response body is read and discarded. */
    int send(String method, String path, Map<String, String> headers, String body) throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();

        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        String header;
        while (!(header = readLine()).isEmpty()) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }

        if (chunked) {
            long chunk;
            while ((chunk = Long.parseLong(readLine().split(";", 2)[0].trim(), 16)) > 0) {
                skip(chunk);
                readLine();
            }
            readLine();
        } else {
            skip(length);
        }
        if (close) {
            close();
        }
        return status;
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("The server closed the connection before the response body ended");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("The server closed the connection before the response ended");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}

package dev.warden.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a raw socket, for requests no well-behaved client would send (truncated bodies, broken
 * chunking, bad request lines). Loopback only: the benchmarks and soak that use it attack the local server.
 */
public final class RawHttp {
    /** What came back: status (-1 if the connection closed with no answer, 0 on timeout), head and body. */
    public record Answer(int status, String head, String body, long millis) {
        public boolean answered() {
            return status > 0;
        }
    }

    private final String host;
    private final int port;

    public RawHttp(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
        requireLoopback(host);
    }

    public static void requireLoopback(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress()) throw new IllegalArgumentException("only a loopback server may be targeted, not " + host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Socket connect(int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Sends {@code request} on a fresh connection (closing the sending side after it if asked) and reads one answer. */
    public Answer exchange(byte[] request, boolean halfClose, int timeoutMillis) {
        long start = System.nanoTime();
        try (Socket socket = connect(timeoutMillis)) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) socket.shutdownOutput();
            } catch (IOException refusedMidway) {
                // The server may answer and close before the whole request is written (a refused body); read what it said.
            }
            return read(socket.getInputStream(), start);
        } catch (SocketTimeoutException e) {
            return new Answer(0, "", "", (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new Answer(-1, "", e.toString(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    static Answer read(InputStream in, long start) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while (last4 != 0x0D0A0D0A && (b = in.read()) != -1) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > 64 * 1024) throw new IOException("response head over 64 KiB");
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/")) return new Answer(-1, text, "", (System.nanoTime() - start) / 1_000_000);
        int status = Integer.parseInt(text.substring(9, 12));
        String lower = text.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = lower.indexOf("\ncontent-length:");
        if (at >= 0) {
            int end = lower.indexOf('\r', at + 1);
            long length = Long.parseLong(lower.substring(at + 16, end).trim());
            for (long i = 0; i < Math.min(length, 1 << 20) && (b = in.read()) != -1; i++) body.write(b);
        } else if (lower.contains("\ntransfer-encoding: chunked")) {
            body.writeBytes(dechunk(in));
        }
        return new Answer(status, text, body.toString(StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < (1 << 20)) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') if (b != '\r') line.append((char) b);
            if (b == -1) break;
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) break;
            for (int i = 0; i < size && (b = in.read()) != -1; i++) out.write(b);
            in.read();
            in.read();
        }
        return out.toByteArray();
    }

    /** A POST with the given extra header lines (each without CRLF) and body bytes, sent as they are. */
    public byte[] post(String path, String[] headers, byte[] body) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        for (String h : headers) head.append(h).append("\r\n");
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** A POST with a correct Content-Length and JSON content type. */
    public byte[] postJson(String path, byte[] body, String... extraHeaders) {
        String[] headers = new String[extraHeaders.length + 3];
        headers[0] = "Content-Type: application/json";
        headers[1] = "Content-Length: " + body.length;
        headers[2] = "Connection: close";
        System.arraycopy(extraHeaders, 0, headers, 3, extraHeaders.length);
        return post(path, headers, body);
    }
}

package dev.warden.server;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body before any handler runs, with servlet non-blocking I/O: a client that sends
 * its body slowly holds a connection and a buffer, never a thread (slowloris-style bodies cannot starve
 * the pool). Limits are enforced while reading, for every transfer encoding: the raw and the decoded size
 * ({@link BodyDecoder}), a minimum data rate after a short grace, a deadline for the whole body. A body that is
 * refused, truncated or malformed is answered here with a 4xx JSON error and logged at debug; the complete
 * body is handed on, decoded, through an async dispatch ({@link BufferedBodyRequest}). A body that has arrived
 * whole with its head (most small requests) is taken at once and handed on without the async round trip.
 */
final class RequestBodyFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyFilter.class);
    private static final String BODY = RequestBodyFilter.class.getName() + ".body";

    /**
     * A body that arrives within this time is never judged by its rate: Jetty's own minimum-rate check
     * measures from the first byte and so also refused small bodies of a request the server was slow to
     * read (a busy pool, a pause), which is why it is off and this one is used.
     */
    static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final long maxBytes;
    private final long timeoutMillis;
    private final long minBytesPerSecond;

    RequestBodyFilter(long maxBytes, long timeoutMillis, long minBytesPerSecond) {
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        if (req.getDispatcherType() == DispatcherType.ASYNC && req.getAttribute(BODY) instanceof byte[] body) {
            req.removeAttribute(BODY);
            chain.doFilter(new BufferedBodyRequest(req, body), res);
            return;
        }
        if (req.getDispatcherType() != DispatcherType.REQUEST || !hasBody(req)) {
            chain.doFilter(req, res);
            return;
        }
        String encoding = req.getHeader("Content-Encoding");
        if (!BodyDecoder.supports(encoding)) {
            refuse(req, res, new BodyException(415, "Content-Encoding '" + encoding + "' is not supported (identity, gzip, deflate)", "unsupported_encoding"));
            return;
        }
        long declared = req.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(req, res, new BodyException(413, "request body is larger than the limit of " + maxBytes + " bytes", "too_large"));
            return;
        }
        if (declared > 0 && req.getHeader("Transfer-Encoding") == null) {
            byte[] arrived;
            try {
                arrived = arrived(req, (int) declared);
            } catch (IOException e) {
                refuse(req, res, classify(e));
                return;
            }
            if (arrived != null) {
                byte[] body;
                try {
                    body = BodyDecoder.decode(arrived, encoding, maxBytes);
                } catch (BodyException e) {
                    refuse(req, res, e);
                    return;
                }
                chain.doFilter(new BufferedBodyRequest(req, body), res);
                return;
            }
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(timeoutMillis);
        Reader reader = new Reader(req, res, async, encoding, declared);
        async.addListener(reader);
        req.getInputStream().setReadListener(reader);
    }

    /**
     * The whole body when it has already arrived with the head (a small request usually comes in one read), taken
     * without blocking and without the async round trip; null when it has not, and then nothing has been read.
     */
    private static byte[] arrived(HttpServletRequest req, int declared) throws IOException {
        ServletInputStream in = req.getInputStream();
        if (in.available() < declared) return null;
        byte[] body = new byte[declared];
        int at = 0;
        while (at < declared) {
            int n = in.read(body, at, declared - at); // available: no wait
            if (n < 0) throw new EofException("body ended after " + at + " of " + declared + " bytes");
            at += n;
        }
        return body;
    }

    private static boolean hasBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res, BodyException e) {
        LOG.debug("refused the body of {} {} from {}: {}", req.getMethod(), req.getRequestURI(), req.getRemoteAddr(), e.getMessage());
        if (res.isCommitted()) return;
        try {
            byte[] body = Json.errorBytes(e.getMessage(), e.reason);
            res.reset();
            res.setStatus(e.status);
            // The rest of the body is not read: the connection cannot carry another request.
            res.setHeader("Connection", "close");
            res.setContentType("application/json");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            res.flushBuffer();
        } catch (IOException | IllegalStateException gone) {
            LOG.debug("could not answer {} {}: {}", req.getMethod(), req.getRequestURI(), gone.toString());
        }
    }

    /** What a failed read means for the client, as a status and reason code. */
    static BodyException classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadMessageException) return classifyBadMessage((BadMessageException) c);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException) return new BodyException(408, "request body not received in time (idle)", "body_timeout");
            if (c instanceof EofException) {
                return new BodyException(400, "request body ended before its declared length or its chunked framing is broken ("
                        + c.getMessage() + ")", "truncated_body");
            }
        }
        return new BodyException(400, "request body could not be read: " + t.getMessage(), "unreadable_body");
    }

    private static BodyException classifyBadMessage(BadMessageException bad) {
        int code = bad.getCode();
        if (code == 408) return new BodyException(408, "request body arrives too slowly", "body_too_slow");
        if (code == 413) return new BodyException(413, "request body is larger than the limit", "too_large");
        return new BodyException(code >= 400 && code < 500 ? code : 400,
                "malformed request body: " + (bad.getReason() == null ? "bad message" : bad.getReason()), "malformed_body");
    }

    /** Collects the raw body as it arrives, within the limits, and finishes the exchange exactly once. */
    private final class Reader implements ReadListener, AsyncListener {
        private final HttpServletRequest req;
        private final HttpServletResponse res;
        private final AsyncContext async;
        private final String encoding;
        private final ByteArrayOutputStream raw;
        private final byte[] buffer = new byte[8192];
        private final AtomicBoolean done = new AtomicBoolean();
        private final long start = System.nanoTime();

        Reader(HttpServletRequest req, HttpServletResponse res, AsyncContext async, String encoding, long declared) {
            this.req = req;
            this.res = res;
            this.async = async;
            this.encoding = encoding;
            this.raw = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 1024), 64 * 1024));
        }

        @Override
        public void onDataAvailable() throws IOException {
            ServletInputStream in = req.getInputStream();
            while (!done.get() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) return;
                if (raw.size() + (long) n > maxBytes) {
                    fail(new BodyException(413, "request body is larger than the limit of " + maxBytes + " bytes", "too_large"));
                    return;
                }
                raw.write(buffer, 0, n);
                if (tooSlow()) {
                    fail(new BodyException(408, "request body arrives slower than " + minBytesPerSecond + " bytes per second", "body_too_slow"));
                    return;
                }
            }
        }

        private boolean tooSlow() {
            long late = System.nanoTime() - start - RATE_GRACE_NANOS;
            return minBytesPerSecond > 0 && late > 0 && raw.size() < minBytesPerSecond * (double) late / 1e9;
        }

        @Override
        public void onAllDataRead() {
            if (done.get()) return;
            byte[] body;
            try {
                body = BodyDecoder.decode(raw.toByteArray(), encoding, maxBytes);
            } catch (BodyException e) {
                fail(e);
                return;
            }
            if (!done.compareAndSet(false, true)) return;
            req.setAttribute(BODY, body);
            async.dispatch();
        }

        @Override
        public void onError(Throwable t) {
            fail(classify(t));
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fail(new BodyException(408, "request body not received within " + timeoutMillis + " ms", "body_timeout"));
        }

        @Override
        public void onError(AsyncEvent event) {
            fail(classify(event.getThrowable()));
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void fail(BodyException e) {
            if (!done.compareAndSet(false, true)) return;
            refuse(req, res, e);
            try {
                async.complete();
            } catch (IllegalStateException alreadyComplete) {
                LOG.debug("request {} {} already complete", req.getMethod(), req.getRequestURI());
            }
        }
    }
}

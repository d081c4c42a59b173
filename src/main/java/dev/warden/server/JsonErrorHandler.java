package dev.warden.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's answer to requests it refuses before any handler sees them (a bad request line, headers over the
 * limit, an unsupported HTTP version, broken framing): the same {@code {"error", "reason"}} JSON as every
 * other error, logged at debug.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        LOG.debug("malformed HTTP request refused by Jetty: {} {}", status, reason);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        String code = switch (status) {
            case 431 -> "headers_too_large";
            case 414 -> "uri_too_long";
            case 505 -> "http_version_not_supported";
            case 413 -> "too_large";
            default -> "bad_http";
        };
        return ByteBuffer.wrap(Json.errorBytes("malformed HTTP request: " + (reason == null ? "status " + status : reason), code));
    }
}

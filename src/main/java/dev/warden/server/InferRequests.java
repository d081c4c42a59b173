package dev.warden.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warden.model.ModelMetadata;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipFormatException;
import dev.warden.oip.OipLimits;
import dev.warden.oip.OipRequestReader;
import dev.warden.policy.ServerSettings;
import io.javalin.http.Context;

/**
 * Reads an inference request from an HTTP body (already size-limited and decoded by
 * {@link RequestBodyFilter}) with the policy's parser limits and the model's declared inputs; a body that
 * does not parse becomes a 4xx {@link ApiError} with the parser's reason code.
 */
final class InferRequests {
    /** One reader per distinct limits: policies rarely change them, and a reader keeps its symbol tables warm. */
    private static final Cache<OipLimits, OipRequestReader> READERS = Caffeine.newBuilder().maximumSize(8).build();

    private InferRequests() {
    }

    static InferRequest read(Context ctx, ServerSettings settings, ModelMetadata model) {
        OipRequestReader reader = READERS.get(new OipLimits(settings.maxElements(), settings.maxDepth()), OipRequestReader::new);
        try {
            return reader.readRequest(ctx.bodyAsBytes(), headerLength(ctx), model.inputs());
        } catch (OipFormatException e) {
            throw new ApiError(status(e), e.getMessage(), e.reason(), null);
        }
    }

    /** The binary tensor extension's JSON header length, or {@link OipRequestReader#NO_BINARY} for a JSON body. */
    private static int headerLength(Context ctx) {
        String value = ctx.header(OipRoutes.HEADER_LENGTH);
        if (value == null) return OipRequestReader.NO_BINARY;
        try {
            int length = Integer.parseInt(value.trim());
            if (length < 0) throw new NumberFormatException();
            return length;
        } catch (NumberFormatException e) {
            throw new ApiError(400, OipRoutes.HEADER_LENGTH + " must be a byte count, not '" + value + "'",
                    OipFormatException.BAD_BINARY_DATA, null);
        }
    }

    static int status(OipFormatException e) {
        return OipFormatException.TOO_MANY_ELEMENTS.equals(e.reason()) ? 413 : 400;
    }
}

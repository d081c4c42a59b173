package dev.warden.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.warden.runtime.InferenceException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The guard's and the service's outcomes as gRPC statuses (docs/protocol.md): the description is
 * {@code reason: message}, so a client sees the same reason code as over HTTP; waits carry
 * {@code google.rpc.RetryInfo}, the standard place gRPC clients look for a retry delay.
 */
final class GrpcStatuses {
    private GrpcStatuses() {
    }

    static Code code(InferenceException.Status status) {
        return switch (status) {
            case INVALID -> Code.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
            case NOT_FOUND -> Code.NOT_FOUND;
            case REJECTED -> Code.PERMISSION_DENIED;
            case RATE_LIMITED, LOCKED_OUT -> Code.RESOURCE_EXHAUSTED;
            case BUSY, BACKEND_FAILED -> Code.UNAVAILABLE;
            case TIMEOUT -> Code.DEADLINE_EXCEEDED;
        };
    }

    static StatusRuntimeException of(InferenceException e) {
        return of(code(e.status()), e.reason(), e.getMessage(), e.retryAfterSeconds());
    }

    static StatusRuntimeException of(Code code, String reason, String message, Long retryAfterSeconds) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(code.getNumber())
                .setMessage(reason == null ? message : reason + ": " + message);
        if (retryAfterSeconds != null) {
            status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder().setSeconds(retryAfterSeconds)).build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}

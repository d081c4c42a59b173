package dev.warden.server;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection that has not sent a complete request head within the timeout. Jetty 11 parses
 * heads without holding a thread, but a slowloris client that trickles header bytes would otherwise keep
 * its connection (and a slot under the connection limit) for as long as each byte beats the idle timeout.
 */
final class HeaderTimeout implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderTimeout.class);
    private final long timeoutMillis;

    HeaderTimeout(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof HttpConnection http)) return;
        http.getConnector().getScheduler().schedule(() -> {
            if (http.getMessagesIn() == 0 && http.getEndPoint().isOpen()) {
                LOG.debug("closing connection from {}: no complete request head within {} ms", http.getEndPoint().getRemoteSocketAddress(), timeoutMillis);
                http.getEndPoint().close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
    }
}

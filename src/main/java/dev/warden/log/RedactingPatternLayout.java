package dev.warden.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The safety net under every log line: a Logback pattern layout whose output (message, arguments, stack traces
 * of every cause) goes through {@link Redactor} before an appender writes it. Code that logs a URL or key
 * redacts it itself; this catches what a library or a forgotten call site logs. It runs on the appender's
 * thread, which for the decision log is the async appender's worker, not a request thread.
 */
public final class RedactingPatternLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return Redactor.redact(super.doLayout(event));
    }
}

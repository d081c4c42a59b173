package dev.warden.server;

import dev.warden.server.console.DecisionFeed;
import dev.warden.server.console.PolicyHistory;
import dev.warden.server.console.ReportShelf;

/** What the console shows that the server itself does not keep: the decision feed, the policy history, the reports. */
public record ConsoleParts(DecisionFeed feed, PolicyHistory history, ReportShelf reports) {
}

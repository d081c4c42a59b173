package dev.warden.failures.store;

import dev.warden.failures.SampleFailures;

/** Child process of the kill -9 test: inserts records as fast as it can and prints each acknowledged id. */
public final class BurstWriter {
    public static void main(String[] args) {
        JdbcFailureStore store = JdbcFailureStore.open(args[0]);
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            String id = store.record(SampleFailures.sample(i));
            System.out.println("ACK " + id);
            System.out.flush();
        }
    }
}

package dev.warden.update;

import java.util.List;
import java.util.Optional;

/**
 * Where the stage of each model's update is kept: a file per model under the data folder (one server), Redis
 * or PostgreSQL (replicas sharing the policy's state or failure database). Every replica polls it.
 */
public interface UpdateStore extends AutoCloseable {
    Optional<UpdateRecord> load(String model);

    List<UpdateRecord> all();

    void save(UpdateRecord record);

    /** Where it keeps records, for the status. */
    String describe();

    @Override
    default void close() {
    }
}

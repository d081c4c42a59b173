package dev.warden.guard;

import java.util.List;

/**
 * A guard's recorders for one model name: per stage, its before and after hooks, and the model's inference,
 * resolved once from the {@link StageTimer} so that a query pays a clock read and a call per hook, no lookup.
 */
final class StageRecorders {
    final String model;
    final StageTimer.Recorder[] before;
    final StageTimer.Recorder[] after;
    final StageTimer.Recorder infer;

    StageRecorders(StageTimer timer, String model, List<Stage> stages) {
        this.model = model;
        this.before = new StageTimer.Recorder[stages.size()];
        this.after = new StageTimer.Recorder[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            String name = stages.get(i).defense().name();
            before[i] = timer.recorder(model, name, "before");
            after[i] = timer.recorder(model, name, "after");
        }
        this.infer = timer.recorder(model, "model", "infer");
    }
}

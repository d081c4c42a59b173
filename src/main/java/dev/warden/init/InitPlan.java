package dev.warden.init;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code warden init} found and wrote: the model's inferred description, the chain it chose with the
 * defenses it left out (each with its reason), what the user still has to say, and the files.
 */
public record InitPlan(List<String> inferred, List<String> chain, List<String> leftOut, List<String> todo,
                       Path policy, Path sidecar, Path calibration) {
    public InitPlan {
        inferred = List.copyOf(inferred);
        chain = List.copyOf(chain);
        leftOut = List.copyOf(leftOut);
        todo = List.copyOf(todo);
    }

    /** The plan as the lines {@code warden init} prints. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("inferred:");
        inferred.forEach(l -> out.add("  " + l));
        out.add("defense chain (enforced): " + String.join(" -> ", chain));
        if (!leftOut.isEmpty()) {
            out.add("left out:");
            leftOut.forEach(l -> out.add("  " + l));
        }
        out.add("wrote " + policy + (calibration != null ? ", " + calibration : "") + ", " + sidecar);
        if (!todo.isEmpty()) {
            out.add("you still need to say:");
            todo.forEach(l -> out.add("  - " + l));
        }
        out.add("serve it: ./warden serve --policy " + policy);
        return out;
    }
}

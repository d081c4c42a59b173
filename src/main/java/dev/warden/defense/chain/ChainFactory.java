package dev.warden.defense.chain;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.guard.Defense;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;

public final class ChainFactory implements DefenseFactory<ChainConfig> {
    @Override
    public String type() {
        return ChainDefense.NAME;
    }

    @Override
    public Class<ChainConfig> configType() {
        return ChainConfig.class;
    }

    /** Observing would feed the next model the out-of-region data the contract exists to stop. */
    @Override
    public boolean allowsObserve() {
        return false;
    }

    @Override
    public Defense create(ChainConfig config, DefenseContext context) {
        ModelMetadata previous = context.model();
        config.contract().forEach(c -> c.checkAgainst(context.model()));
        List<ChainDefense.Link> links = new ArrayList<>();
        for (int i = 0; i < config.stages().size(); i++) {
            ChainConfig.Stage stage = config.stages().get(i);
            Model model = context.models().get(stage.model());
            if (model == null) {
                throw new IllegalArgumentException("stages[" + i + "].model: no model '" + stage.model() + "' in the policy (it has " + context.models().keySet() + ")");
            }
            for (var e : stage.inputs().entrySet()) {
                if (model.metadata().input(e.getKey()).isEmpty()) {
                    throw new IllegalArgumentException("stages[" + i + "].inputs: model " + stage.model() + " has no input '" + e.getKey() + "'");
                }
                if (previous.output(e.getValue()).isEmpty()) {
                    throw new IllegalArgumentException("stages[" + i + "].inputs: model " + previous.name() + " has no output '" + e.getValue() + "'");
                }
            }
            stage.contract().forEach(c -> c.checkAgainst(model.metadata()));
            links.add(new ChainDefense.Link(model, stage.inputs(), stage.contract()));
            previous = model.metadata();
        }
        return new ChainDefense(config.contract(), links);
    }
}

package dev.warden.defense.harden;

import java.util.Set;
import dev.warden.defense.Requirement;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.guard.Defense;

public final class HardenFactory implements DefenseFactory<HardenConfig> {
    @Override
    public String type() {
        return HardenDefense.NAME;
    }

    @Override
    public Class<HardenConfig> configType() {
        return HardenConfig.class;
    }

    @Override
    public Set<Requirement> requires(HardenConfig config) {
        return Set.of(Requirement.SCORES);
    }

    @Override
    public Defense create(HardenConfig config, DefenseContext context) {
        return new HardenDefense(config);
    }
}

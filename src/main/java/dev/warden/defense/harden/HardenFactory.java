package dev.warden.defense.harden;

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
    public Defense create(HardenConfig config, DefenseContext context) {
        return new HardenDefense(config);
    }
}

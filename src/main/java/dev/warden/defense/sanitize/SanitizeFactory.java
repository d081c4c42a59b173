package dev.warden.defense.sanitize;

import java.util.Set;
import dev.warden.defense.Requirement;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.guard.Defense;

public final class SanitizeFactory implements DefenseFactory<SanitizeConfig> {
    @Override
    public String type() {
        return SanitizeDefense.NAME;
    }

    @Override
    public Class<SanitizeConfig> configType() {
        return SanitizeConfig.class;
    }

    @Override
    public Set<Requirement> requires(SanitizeConfig config) {
        return Set.of(Requirement.NCHW_IMAGE, Requirement.INPUT_RANGE);
    }

    @Override
    public Defense create(SanitizeConfig config, DefenseContext context) {
        return new SanitizeDefense(new Sanitizer(config.parsed(), context.model()), context.model().inputs().get(0).name());
    }
}

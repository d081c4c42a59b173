package dev.warden.defense.validate;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.guard.Defense;

public final class ValidateFactory implements DefenseFactory<ValidateConfig> {
    @Override
    public String type() {
        return ValidateDefense.NAME;
    }

    @Override
    public Class<ValidateConfig> configType() {
        return ValidateConfig.class;
    }

    @Override
    public Defense create(ValidateConfig config, DefenseContext context) {
        return new ValidateDefense(config);
    }

    @Override
    public boolean allowsObserve() {
        return false;
    }
}

package dev.warden.cli;

import java.nio.file.Path;

/** Where Warden's bundled files are: {@code -Dwarden.home} (set by the {@code ./warden} launcher), else the working directory. */
final class Home {
    private Home() {
    }

    static Path dir() {
        return Path.of(System.getProperty("warden.home", ".")).toAbsolutePath().normalize();
    }

    static Path defaultPolicy() {
        return dir().resolve("policies/default.yaml");
    }
}

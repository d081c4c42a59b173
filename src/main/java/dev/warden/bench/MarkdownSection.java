package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one marked section of a Markdown file ({@code <!-- NAME:start -->} to {@code <!-- NAME:end -->}). */
public final class MarkdownSection {
    private MarkdownSection() {
    }

    public static void write(Path file, String name, String content) throws IOException {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String text = Files.isRegularFile(file) ? Files.readString(file) : "";
        int s = text.indexOf(start);
        int e = text.indexOf(end);
        String block = start + "\n" + content.strip() + "\n" + end;
        String updated = s >= 0 && e > s ? text.substring(0, s) + block + text.substring(e + end.length())
                : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
        Files.writeString(file, updated);
    }
}

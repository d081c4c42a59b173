package dev.warden.cli;

import dev.warden.calibrate.ModelInputs;
import dev.warden.data.ColorMode;
import dev.warden.data.DataFormatException;
import dev.warden.data.ModelSamples;
import dev.warden.data.Resize;
import dev.warden.data.SampleSource;
import dev.warden.model.ModelMetadata;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --data PATH [--resize HxW] [--color gray|rgb]}: the samples a command uses, in any supported format,
 * converted to the model's input as declared. Data that cannot be read or does not fit the model is a usage
 * error (exit 2) naming the file and the problem.
 */
final class DataOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "PATH", description = {"samples: " + SampleSource.FORMATS,
            "(default: the bundled Fashion-MNIST images)"})
    Path data;

    @Option(names = "--resize", paramLabel = "HxW", description = "resize every image to HxW (bilinear); without it, images of another size than the model's are refused")
    String resize;

    @Option(names = "--color", paramLabel = "gray|rgb", description = "convert every image to grey or RGB; without it, images of another channel count than the model's are refused")
    String color;

    /** The samples at {@code --data}, else at {@code fallback}, opened without a model yet; the flags are checked first. */
    SampleSource source(Path fallback) {
        declaredResize();
        declaredColor();
        Path path = data != null ? data : fallback;
        try {
            return SampleSource.open(path);
        } catch (DataFormatException e) {
            throw usage(e.getMessage());
        }
    }

    /** {@code source} converted for the model; {@code needLabels}: refuse unlabelled data, naming {@code why}. */
    ModelSamples forModel(SampleSource source, ModelMetadata meta, boolean needLabels, String why) {
        Resize r = declaredResize();
        ColorMode c = declaredColor();
        if (needLabels && !source.labelled()) throw usage(source.path() + " has no labels, and " + why + " needs them");
        try {
            return ModelInputs.samples(source, meta, r, c);
        } catch (DataFormatException e) {
            throw usage(e.getMessage() + (data == null ? " (the default data is the bundled Fashion-MNIST: give --data for this model)" : ""));
        }
    }

    private Resize declaredResize() {
        try {
            return resize == null ? null : Resize.parse(resize);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ColorMode declaredColor() {
        try {
            return color == null ? null : ColorMode.parse(color);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The data flags as given, for the command line a result records ("" for the defaults). */
    String flags(SampleSource source) {
        return (data == null ? "" : " --data " + name(source.path())) + (resize == null ? "" : " --resize " + resize)
                + (color == null ? "" : " --color " + color);
    }

    /** Where the data is, for records: relative to Warden's home when inside it. */
    static String name(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(Home.dir()) ? Home.dir().relativize(abs).toString() : path.toString();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

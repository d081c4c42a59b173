package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The options issue 18 added to {@code bench}: wrong values are usage errors that say what is wrong. */
class BenchOptionsTest {
    /** Benchmarks print their tables on standard output. */
    private static String stdout(Runnable run) {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aWholeChainRunsAndPrintsItsStagesAndDecisions() {
        WardenCommandTest.Run[] run = new WardenCommandTest.Run[1];
        String out = stdout(() -> run[0] = WardenCommandTest.run("bench", "guard-overhead", "--policy", "policies/default.yaml",
                "--iterations", "100", "--warmup", "20"));
        assertThat(run[0].exit()).as(run[0].err()).isZero();
        assertThat(out).contains("ratio guard / bare", "| query | before |", "CPU time: added", "decisions of the guarded calls: allow");
    }

    @Test
    void badShapesModelsAndPoliciesAreRefusedWithExit2() {
        WardenCommandTest.Run shape = WardenCommandTest.run("bench", "parse-cost", "--shape", "1xAx3");
        assertThat(shape.exit()).isEqualTo(2);
        assertThat(shape.err()).contains("--shape must look like 1x3x224x224");
        WardenCommandTest.Run model = WardenCommandTest.run("bench", "guard-overhead", "--policy", "policies/default.yaml", "--model", "nosuch");
        assertThat(model.exit()).isEqualTo(2);
        assertThat(model.err()).contains("has no model nosuch");
        WardenCommandTest.Run file = WardenCommandTest.run("bench", "guard-overhead", "--model", "nosuch.onnx");
        assertThat(file.exit()).isEqualTo(2);
        assertThat(file.err()).contains("no such ONNX file");
    }

    @Test
    void parseCostReadsOneShapeInEveryFormat() {
        WardenCommandTest.Run[] run = new WardenCommandTest.Run[1];
        String out = stdout(() -> run[0] = WardenCommandTest.run("bench", "parse-cost", "--shape", "1x3x8x8", "--iterations", "20"));
        assertThat(run[0].exit()).as(run[0].err()).isZero();
        assertThat(out).contains("REST JSON", "REST binary tensors", "gRPC raw_input_contents", "gRPC typed fp32_contents");
    }
}

package dev.openirn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code openirn.jar} as its own process, as a user would. */
final class Cli {

    record Result(int exitCode, String stdout, String stderr) {
    }

    static final Path JAR = Path.of(System.getProperty("openirn.cli.jar", "target/openirn.jar"));

    private Cli() {
    }

    static ProcessBuilder builder(Path workDir, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().remove("OPENIRN_BASE_URL");
        builder.environment().remove("OPENIRN_CLIENT_ID");
        builder.environment().remove("OPENIRN_CLIENT_SECRET");
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs to completion (killed after {@code timeout}), feeding {@code stdin}. */
    static Result run(Path workDir, Map<String, String> environment, String stdin, Duration timeout, String... args) throws Exception {
        Path stdout = Files.createTempFile(workDir.toAbsolutePath().getParent(), "cli-out", ".txt");
        Path stderr = Files.createTempFile(workDir.toAbsolutePath().getParent(), "cli-err", ".txt");
        Process process = builder(workDir, environment, args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("openirn " + String.join(" ", args) + " did not finish in " + timeout + "; stderr: "
                        + Files.readString(stderr));
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

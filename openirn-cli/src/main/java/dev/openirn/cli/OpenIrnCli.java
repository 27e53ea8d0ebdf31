package dev.openirn.cli;

import dev.openirn.client.ErrorDetail;
import dev.openirn.client.OpenIrnException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code openirn}: the command line for an OpenIRN server. Exit codes: {@link ExitCodes}. */
@Command(name = "openirn", mixinStandardHelpOptions = true, version = "openirn 0.1.0",
        description = "Register GST e-invoices with an OpenIRN server.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:the server refused a request, or an import has rejected or failed documents (see its results file)",
                "2:wrong command line",
                "3:the input file has errors; nothing was submitted",
                "4:not logged in, or the credentials were refused",
                "5:the server could not be reached (an import can be re-run)",
                "130:interrupted (an import can be re-run)"})
public final class OpenIrnCli {

    private OpenIrnCli() {
    }

    public static void main(String[] args) {
        // Apache POI logs through Log4j's API; without a provider it would complain on stderr at every Excel read.
        System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        System.setProperty("org.apache.logging.log4j.simplelog.StatusLogger.level", "OFF");
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine line = commandLine(environment, out, err);
        return line.execute(args);
    }

    static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new OpenIrnCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ImportCommand.class) {
                    return type.cast(new ImportCommand(environment, out, err));
                }
                if (type == LoginCommand.class) {
                    return type.cast(new LoginCommand(environment, out, err));
                }
                if (type == EInvoiceCommands.class) {
                    return type.cast(new EInvoiceCommands(environment, out));
                }
                if (type == QrCommands.class) {
                    return type.cast(new QrCommands(environment, out));
                }
                if (type == TemplateCommand.class) {
                    return type.cast(new TemplateCommand(out));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        line.addSubcommand("login", LoginCommand.class);
        line.addSubcommand("einvoice", EInvoiceCommands.class);
        line.addSubcommand("import", ImportCommand.class);
        line.addSubcommand("template", TemplateCommand.class);
        line.addSubcommand("qr", QrCommands.class);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            if (exception instanceof Connection.NotLoggedIn) {
                err.println("openirn: " + exception.getMessage());
                return ExitCodes.AUTHENTICATION;
            }
            if (exception instanceof OpenIrnException) {
                OpenIrnException api = (OpenIrnException) exception;
                err.println("openirn: " + (api.httpStatus() == 0 ? "" : "HTTP " + api.httpStatus() + " ") + api.code() + ": " + api.getMessage());
                for (ErrorDetail detail : api.details()) {
                    err.println("  " + detail);
                }
                if (api.upstream() != null) {
                    err.println("  IRP: " + api.upstream());
                }
                if (api instanceof OpenIrnException.AuthenticationException) {
                    return ExitCodes.AUTHENTICATION;
                }
                if (api instanceof OpenIrnException.ConnectionException || api instanceof OpenIrnException.ServerException
                        || api instanceof OpenIrnException.RateLimitedException) {
                    return ExitCodes.UNAVAILABLE;
                }
                return ExitCodes.FAILED;
            }
            if (exception instanceof java.io.IOException || exception instanceof java.io.UncheckedIOException) {
                err.println("openirn: " + exception.getMessage());
                return ExitCodes.FAILED;
            }
            throw exception;
        });
        return line;
    }
}

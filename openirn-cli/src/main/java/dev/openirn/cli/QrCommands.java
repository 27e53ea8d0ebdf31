package dev.openirn.cli;

import dev.openirn.client.DecodedQrCode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "qr", description = "The IRP's signed QR code.")
final class QrCommands {

    @Mixin
    Connection connection;

    private final Map<String, String> environment;
    private final PrintStream out;

    QrCommands(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    @Command(name = "verify", description = {"Reads the QR code in a photo or scan (PNG or JPEG), prints what it says and whether",
            "the IRP's signature verifies; exit code 1 when it does not."})
    int verify(@Parameters(paramLabel = "IMAGE") Path image) throws Exception {
        DecodedQrCode decoded = connection.client(environment).decodeQrImage(Files.readAllBytes(image), image.getFileName().toString());
        out.println("IRN:          " + decoded.irn());
        out.println("Document:     " + decoded.documentType() + " " + decoded.documentNumber() + " of " + decoded.documentDate());
        out.println("Seller/buyer: " + decoded.sellerGstin() + " / " + decoded.buyerGstin());
        out.println("Value:        " + decoded.totalInvoiceValue() + " (" + decoded.itemCount() + " item(s), main HSN " + decoded.mainHsnCode() + ")");
        out.println("IRN date:     " + decoded.irnDate());
        out.println("Signature:    " + (decoded.signatureValid() ? "valid, signed by " + decoded.signedBy() : "NOT valid: " + decoded.signatureProblem()));
        return decoded.signatureValid() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}

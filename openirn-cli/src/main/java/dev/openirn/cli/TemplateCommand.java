package dev.openirn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "template", description = {
        "Writes an empty import file with every column (.csv or .xlsx, by the file name), or with --example one",
        "example invoice of two lines dated today. `openirn template --columns` lists the columns and their meaning."})
final class TemplateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "invoices.csv or invoices.xlsx")
    Path file;

    @Option(names = "--example", description = "Add an example invoice (two line items).")
    boolean example;

    @Option(names = "--columns", description = "List the columns instead of writing a file.")
    boolean columns;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    private final PrintStream out;

    TemplateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        if (columns || file == null) {
            for (Columns.Column column : Columns.ALL) {
                out.printf("%-24s %-9s %-9s %s%n", column.name(), column.document() ? "document" : "line",
                        column.required() ? "required" : "optional", column.meaning());
            }
            return ExitCodes.OK;
        }
        if (Files.exists(file) && !force) {
            System.err.println("openirn: " + file + " exists (--force overwrites it)");
            return ExitCodes.USAGE;
        }
        List<String> header = Columns.ALL.stream().map(Columns.Column::name).toList();
        List<List<String>> rows = example ? exampleRows() : List.of();
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx")) {
            writeXlsx(header, rows);
        } else {
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
                csv.printRecord(header);
                for (List<String> row : rows) {
                    csv.printRecord(row);
                }
            }
        }
        out.println("Wrote " + file + (example ? " with an example invoice" : ""));
        return ExitCodes.OK;
    }

    private void writeXlsx(List<String> header, List<List<String>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream stream = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet("invoices");
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            // Text cells throughout: GSTINs, HSN codes and PIN codes must keep their exact characters.
            CellStyle text = workbook.createCellStyle();
            text.setDataFormat(workbook.createDataFormat().getFormat("@"));
            Row head = sheet.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                head.createCell(i).setCellValue(header.get(i));
                head.getCell(i).setCellStyle(bold);
                sheet.setDefaultColumnStyle(i, text);
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int i = 0; i < rows.get(r).size(); i++) {
                    row.createCell(i).setCellValue(rows.get(r).get(i));
                    row.getCell(i).setCellStyle(text);
                }
            }
            sheet.createFreezePane(0, 1);
            workbook.write(stream);
        }
    }

    private static List<List<String>> exampleRows() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        String number = "EX-" + today.toString().replace("-", "").substring(2) + "-1";
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(number, today, "1", "Consulting services", "Y", "998314", "", "", "10000", "10000", "1800", "11800"));
        rows.add(row(number, today, "2", "Support contract", "Y", "998313", "", "", "5000", "5000", "900", "5900"));
        return rows;
    }

    private static List<String> row(String number, LocalDate date, String lineNumber, String description, String service, String hsn,
            String quantity, String unit, String unitPrice, String assessable, String igst, String total) {
        List<String> cells = new ArrayList<>();
        for (Columns.Column column : Columns.ALL) {
            cells.add(switch (column.name()) {
                case "supplyType" -> "B2B";
                case "documentType" -> "INV";
                case "invoiceNumber" -> number;
                case "invoiceDate" -> date.toString();
                case "reverseCharge" -> "N";
                case "placeOfSupplyStateCode" -> "27";
                case "sellerGstin" -> "29ABCDE1234F1Z5";
                case "sellerLegalName" -> "Acme Pvt Ltd";
                case "sellerAddress1" -> "12 Industrial Area";
                case "sellerLocation" -> "Bengaluru";
                case "sellerPinCode" -> "560001";
                case "sellerStateCode" -> "29";
                case "buyerGstin" -> "27FGHIJ5678K1Z2";
                case "buyerLegalName" -> "Globex Pvt Ltd";
                case "buyerAddress1" -> "8 MG Road";
                case "buyerLocation" -> "Mumbai";
                case "buyerPinCode" -> "400001";
                case "buyerStateCode" -> "27";
                case "lineNumber" -> lineNumber;
                case "productDescription" -> description;
                case "isService" -> service;
                case "hsnCode" -> hsn;
                case "quantity" -> quantity;
                case "unit" -> unit;
                case "unitPrice" -> unitPrice;
                case "assessableValue" -> assessable;
                case "gstRate" -> "18";
                case "igstAmount" -> igst;
                case "totalItemValue" -> total;
                default -> "";
            });
        }
        return cells;
    }
}

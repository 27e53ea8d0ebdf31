package dev.openirn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/** A CSV file or the first sheet of an Excel workbook as text cells: a header row and data rows with their row numbers. */
record Table(List<String> header, List<DataRow> rows) {

    record DataRow(int number, List<String> cells) {
        String cell(int column) {
            return column < cells.size() ? cells.get(column).trim() : "";
        }

        boolean blank() {
            return cells.stream().allMatch(cell -> cell.isBlank());
        }
    }

    static Table read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        return name.endsWith(".xlsx") ? readXlsx(file) : readCsv(file);
    }

    private static Table readCsv(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
            List<String> header = null;
            List<DataRow> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                List<String> cells = record.toList();
                // A byte order mark (Excel's "CSV UTF-8") is not part of the first column's name.
                if (header == null) {
                    if (!cells.isEmpty()) {
                        cells.set(0, cells.get(0).replace("\uFEFF", ""));
                    }
                    header = cells.stream().map(String::trim).toList();
                    continue;
                }
                // The record number is the row a spreadsheet shows (the header is row 1), also when a quoted cell spans lines.
                rows.add(new DataRow((int) record.getRecordNumber(), cells));
            }
            return new Table(header == null ? List.of() : header, rows);
        }
    }

    private static Table readXlsx(Path file) throws IOException {
        DataFormatter formatter = new DataFormatter();
        try (InputStream in = Files.newInputStream(file); Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            List<String> header = null;
            List<DataRow> rows = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                int width = header == null ? row.getLastCellNum() : Math.max(header.size(), row.getLastCellNum());
                for (int column = 0; column < width; column++) {
                    cells.add(text(row.getCell(column), formatter));
                }
                if (header == null) {
                    header = cells.stream().map(String::trim).toList();
                } else {
                    rows.add(new DataRow(row.getRowNum() + 1, cells));
                }
            }
            return new Table(header == null ? List.of() : header, rows);
        }
    }

    /** Dates as ISO dates, numbers without Excel's display rounding, everything else as shown. */
    private static String text(Cell cell, DataFormatter formatter) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        if (type == CellType.NUMERIC) {
            if (DateUtil.isCellDateFormatted(cell)) {
                LocalDate date = cell.getDateCellValue().toInstant().atZone(ZoneId.systemDefault()).toLocalDate();
                return date.toString();
            }
            return new java.math.BigDecimal(Double.toString(cell.getNumericCellValue())).stripTrailingZeros().toPlainString();
        }
        if (type == CellType.BOOLEAN) {
            return Boolean.toString(cell.getBooleanCellValue());
        }
        if (type == CellType.STRING) {
            return cell.getStringCellValue();
        }
        return formatter.formatCellValue(cell);
    }
}

package dev.openirn.cli;

/** A problem in the input file at a row (1-based, as a spreadsheet numbers it; the line for JSONL) and a column. */
record RowError(int row, String column, String message) implements Comparable<RowError> {

    @Override
    public int compareTo(RowError other) {
        return row != other.row ? Integer.compare(row, other.row) : column.compareTo(other.column);
    }

    @Override
    public String toString() {
        return "row " + row + ", column " + column + ": " + message;
    }
}

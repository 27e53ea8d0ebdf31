package dev.openirn.gst;

import java.time.LocalDate;
import java.time.Month;

/** Indian financial year (April to March), written as NIC writes it: {@code 2026-27}. */
public final class FinancialYear {

    private FinancialYear() {
    }

    public static String of(LocalDate date) {
        int startYear = date.getMonth().compareTo(Month.APRIL) >= 0 ? date.getYear() : date.getYear() - 1;
        int endYear = (startYear + 1) % 100;
        return startYear + (endYear < 10 ? "-0" : "-") + endYear; // on every request: no String.format
    }

    public static boolean isWellFormed(String financialYear) {
        if (financialYear == null || !financialYear.matches("\\d{4}-\\d{2}")) {
            return false;
        }
        int start = Integer.parseInt(financialYear.substring(0, 4));
        int end = Integer.parseInt(financialYear.substring(5));
        return (start + 1) % 100 == end;
    }
}

package dev.openirn.server.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Amounts as an Indian tax invoice prints them: grouped in lakhs and crores, and in words. */
public final class IndianAmounts {

    private static final String[] UNITS = {"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
            "Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
            "Nineteen"};
    private static final String[] TENS = {"", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty",
            "Ninety"};
    private static final BigInteger CRORE = BigInteger.valueOf(10_000_000);

    private IndianAmounts() {
    }

    /**
     * {@code 123456789.05} as "Rupees Twelve Crore Thirty Four Lakh Fifty Six Thousand Seven Hundred Eighty Nine
     * and Five Paise Only"; rounded half up to whole paise.
     */
    public static String inWords(BigDecimal amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("An invoice amount is never negative: " + amount);
        }
        BigDecimal paiseTotal = amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2);
        BigInteger[] rupeesAndPaise = paiseTotal.toBigIntegerExact().divideAndRemainder(BigInteger.valueOf(100));
        BigInteger rupees = rupeesAndPaise[0];
        int paise = rupeesAndPaise[1].intValueExact();
        if (rupees.signum() == 0 && paise > 0) {
            return belowHundred(paise) + " Paise Only";
        }
        StringBuilder words = new StringBuilder("Rupees ").append(whole(rupees));
        if (paise > 0) {
            words.append(" and ").append(belowHundred(paise)).append(" Paise");
        }
        return words.append(" Only").toString();
    }

    /** {@code 12345678.5} as {@code 1,23,45,678.50}: the last three digits, then groups of two. */
    public static String grouped(BigDecimal amount) {
        String plain = amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
        boolean negative = plain.startsWith("-");
        String digits = negative ? plain.substring(1) : plain;
        int point = digits.indexOf('.');
        String integer = digits.substring(0, point);
        StringBuilder out = new StringBuilder();
        int length = integer.length();
        for (int i = 0; i < length; i++) {
            int remaining = length - i;
            out.append(integer.charAt(i));
            if (remaining > 1 && (remaining == 4 || (remaining > 4 && (remaining - 4) % 2 == 0))) {
                out.append(',');
            }
        }
        return (negative ? "-" : "") + out + digits.substring(point);
    }

    /** A whole number in the Indian system; above 99 crore the count of crores is itself read in lakhs and crores. */
    public static String whole(BigInteger number) {
        if (number.signum() == 0) {
            return UNITS[0];
        }
        BigInteger[] croresAndRest = number.divideAndRemainder(CRORE);
        StringBuilder words = new StringBuilder();
        if (croresAndRest[0].signum() > 0) {
            words.append(whole(croresAndRest[0])).append(" Crore");
        }
        int rest = croresAndRest[1].intValueExact();
        int lakhs = rest / 100_000;
        int thousands = rest / 1_000 % 100;
        int hundreds = rest / 100 % 10;
        int belowHundred = rest % 100;
        append(words, lakhs, " Lakh");
        append(words, thousands, " Thousand");
        append(words, hundreds, " Hundred");
        append(words, belowHundred, "");
        return words.toString();
    }

    private static void append(StringBuilder words, int count, String scale) {
        if (count == 0) {
            return;
        }
        if (!words.isEmpty()) {
            words.append(' ');
        }
        words.append(belowHundred(count)).append(scale);
    }

    private static String belowHundred(int number) {
        if (number < 20) {
            return UNITS[number];
        }
        return TENS[number / 10] + (number % 10 == 0 ? "" : " " + UNITS[number % 10]);
    }
}

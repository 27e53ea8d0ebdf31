package dev.openirn.server.web;

/**
 * The characters a request header may hold, as Spring Security's {@code StrictHttpFirewall} allows them:
 * every code point assigned in Unicode and none a control character, except that a value may hold tabs.
 * One pass over the text with a shortcut for printable ASCII, where nearly every header lives.
 */
public final class HeaderCharacters {

    private HeaderCharacters() {
    }

    public static boolean isAllowedName(String name) {
        return assignedWithoutControls(name, false);
    }

    public static boolean isAllowedValue(String value) {
        return assignedWithoutControls(value, true);
    }

    private static boolean assignedWithoutControls(String text, boolean tabAllowed) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}

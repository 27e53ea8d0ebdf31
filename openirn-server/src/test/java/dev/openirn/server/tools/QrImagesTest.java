package dev.openirn.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading QR codes back, without a server: the shapes of image ZXing's general search trips on. */
class QrImagesTest {

    private static final String JWT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

    /**
     * A screenshot of a rendered QR is a crisp code at several pixels a module; ZXing's finder-pattern
     * search misses about one in fifteen such codes of signed-QR length, so the reader must also try
     * the image as a pure barcode.
     */
    @Test
    void crispRendersOfSignedQrLengthAtThreeToSixPixelsAModuleAllReadBack() throws Exception {
        Random random = new Random(20261129);
        List<String> unread = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String text = randomText(random, 1000 + random.nextInt(300));
            int modules = QrImages.encode(text, 0, 0).getWidth();
            int pixelsPerModule = 3 + i % 4;
            BitMatrix render = QrImages.encode(text, modules * pixelsPerModule, modules * pixelsPerModule);
            if (!QrImages.read(MatrixToImageWriter.toBufferedImage(render)).filter(text::equals).isPresent()) {
                unread.add("case " + i + " at " + pixelsPerModule + " px/module");
            }
        }
        assertThat(unread).isEmpty();
    }

    /** Photos of a 600-pixel render (turned, noisy, JPEG) of signed-QR length all read back. */
    @Test
    void phonePhotosOfRendersOfSignedQrLengthAllReadBack() throws Exception {
        Random random = new Random(3);
        List<String> unread = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String text = randomText(random, 1000 + random.nextInt(300));
            byte[] photo = PhoneCamera.photograph(MatrixToImageWriter.toBufferedImage(QrImages.encode(text, 600, 600)));
            if (!QrImages.read(QrImages.readImage(photo)).filter(text::equals).isPresent()) {
                unread.add("case " + i);
            }
        }
        assertThat(unread).isEmpty();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(JWT_ALPHABET.charAt(random.nextInt(JWT_ALPHABET.length())));
        }
        return text.toString();
    }
}

package dev.openirn.server.tools;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * QR codes as images, with ZXing. Written for print: error correction M (an IRN QR holds about 1,200
 * characters, which at Q or H would need a denser code than a 2-inch print resolves) and the standard
 * quiet zone of four modules. Read with every effort a photo may need: TRY_HARDER, and a second
 * binarizer for evenly lit scans, as a pure barcode for screenshots and saved renders, and smaller
 * when the image as taken trips ZXing's finder-pattern search.
 */
public final class QrImages {

    static final int QUIET_ZONE_MODULES = 4;
    /** More pixels than any phone camera takes; a larger image is refused before it is decoded into memory. */
    static final long MAX_PIXELS = 50_000_000L;

    private QrImages() {
    }

    /** Thrown when the text does not fit in a QR code. */
    public static final class TooLongException extends Exception {
        TooLongException(String message) {
            super(message);
        }
    }

    /** Thrown when an upload is not a PNG or JPEG image that can be read. */
    static final class UnreadableImageException extends Exception {
        UnreadableImageException(String message) {
            super(message);
        }
    }

    /** The code at {@code width} × {@code height} pixels at least (more when the code needs more than one pixel a module). */
    static BitMatrix encode(String text, int width, int height) throws TooLongException {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE_MODULES);
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, width, height, hints);
        } catch (WriterException e) {
            throw new TooLongException("does not fit in a QR code (" + text.length() + " characters)");
        }
    }

    static byte[] png(BitMatrix matrix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(matrix, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JPEG has no one-bit mode: the code is drawn on an RGB canvas. */
    static byte[] jpeg(BitMatrix matrix) {
        BufferedImage rgb = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                rgb.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(rgb, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The code as SVG, one module one unit of the view box and {@code size} pixels wide, drawn as one
     * path of horizontal runs so that it scales without blur.
     */
    public static String svg(String text, int size) throws TooLongException {
        BitMatrix modules = encode(text, 0, 0);
        int extent = modules.getWidth();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < modules.getHeight(); y++) {
            int x = 0;
            while (x < extent) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < extent && modules.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(',').append(y).append('h').append(x - start).append("v1h-")
                        .append(x - start).append('z');
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + size + "\" height=\"" + size + "\" viewBox=\"0 0 "
                + extent + " " + modules.getHeight() + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
                + "<path fill=\"#000000\" d=\"" + path + "\"/></svg>\n";
    }

    /** A PNG or JPEG image, refused before decoding when it would not be one or would be too large. */
    static BufferedImage readImage(byte[] bytes) throws UnreadableImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new UnreadableImageException("is not an image; send a PNG or JPEG photo or scan of the QR code");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!format.equals("png") && !format.equals("jpeg")) {
                    throw new UnreadableImageException("is a " + format + " image; send a PNG or JPEG");
                }
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new UnreadableImageException("has " + pixels + " pixels; at most " + MAX_PIXELS + " are read");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Decoders throw unchecked exceptions on corrupt files too; either way the upload cannot be read.
            throw new UnreadableImageException("cannot be read as a PNG or JPEG image");
        }
    }

    /**
     * Scales tried when the image as taken cannot be read. ZXing's finder-pattern search trips on some
     * codes at some pixel sizes a module (about one photo in sixteen of a signed QR); the same photo
     * smaller, smoothed, reads.
     */
    private static final double[] RESCALES = {0.75, 0.6, 0.5};

    /** The text of the QR code in {@code image}, if one can be found and read. */
    static Optional<String> read(BufferedImage image) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        Map<DecodeHintType, Object> pure = new EnumMap<>(hints);
        pure.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
        LuminanceSource source = new BufferedImageLuminanceSource(image);
        Optional<String> text = decode(new BinaryBitmap(new HybridBinarizer(source)), hints)
                .or(() -> decode(new BinaryBitmap(new GlobalHistogramBinarizer(source)), hints))
                .or(() -> decode(new BinaryBitmap(new HybridBinarizer(source)), pure));
        for (int i = 0; i < RESCALES.length && text.isEmpty(); i++) {
            BufferedImage smaller = rescaled(image, RESCALES[i]);
            if (smaller != null) {
                text = decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(smaller))), hints);
            }
        }
        return text;
    }

    /** The image scaled by {@code factor} with bilinear smoothing, or null when that leaves too few pixels to hold a code. */
    private static BufferedImage rescaled(BufferedImage image, double factor) {
        int width = (int) Math.round(image.getWidth() * factor);
        int height = (int) Math.round(image.getHeight() * factor);
        if (width < 21 || height < 21) {
            return null;
        }
        BufferedImage smaller = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smaller.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return smaller;
    }

    private static Optional<String> decode(BinaryBitmap bitmap, Map<DecodeHintType, Object> hints) {
        try {
            return Optional.of(new QRCodeReader().decode(bitmap, hints).getText());
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return Optional.empty();
        }
    }
}

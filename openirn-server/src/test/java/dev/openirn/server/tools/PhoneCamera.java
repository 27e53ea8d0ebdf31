package dev.openirn.server.tools;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test pictures of a printed QR code as a phone camera takes them. */
final class PhoneCamera {

    private PhoneCamera() {
    }

    /** The code as a phone would take it: on paper-coloured ground, scaled, turned 7°, with sensor noise, as JPEG. */
    static byte[] photograph(BufferedImage code) throws IOException {
        int width = 1200;
        int height = 1000;
        BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(0xE9E4D8));
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.translate(width / 2.0, height / 2.0);
        g.rotate(Math.toRadians(7));
        g.scale(1.25, 1.25);
        g.drawImage(code, -code.getWidth() / 2, -code.getHeight() / 2, null);
        g.dispose();
        Random noise = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = photo.getRGB(x, y);
                int shade = (int) Math.round(noise.nextGaussian() * 10) - x * 30 / width; // noise, and light falling off
                int r = clamp(((rgb >> 16) & 0xFF) + shade);
                int gr = clamp(((rgb >> 8) & 0xFF) + shade);
                int b = clamp((rgb & 0xFF) + shade);
                photo.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            parameters.setCompressionQuality(0.7f);
            writer.write(null, new IIOImage(photo, null, null), parameters);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}

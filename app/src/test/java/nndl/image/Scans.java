package nndl.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;
import nndl.data.Dataset;

/**
 * MNIST test digits presented as a person's scan or photo would be: scaled up 3-8 times
 * (smoothly, as a scanner sees a pen stroke), somewhere off centre on a larger page, dark ink on
 * light paper or light on dark, grey or coloured, saved as PNG or JPEG.
 */
public final class Scans {
    private Scans() {
    }

    /** How scan i looks. */
    public record Look(int scale, boolean darkOnLight, boolean rgb, String format) {
    }

    /** The look of scan i: half dark on light (even i), a third in colour, a fifth JPEG; scale from the random source. */
    public static Look look(int i, Random random) {
        return new Look(3 + random.nextInt(6), i % 2 == 0, i % 3 == 0, i % 5 == 0 ? "jpeg" : "png");
    }

    /** Image i of the data set as an encoded scan. */
    public static byte[] scan(Dataset data, int i, Random random) {
        Look look = look(i, random);
        return encode(page(data, i, look, random), look.format());
    }

    /** Image i of the data set as it is: a 28 × 28 grey image of its levels (light ink on black). */
    public static BufferedImage digit(Dataset data, int i) {
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = new int[784];
        for (int p = 0; p < levels.length; p++) {
            levels[p] = data.pixel(i, p);
        }
        digit.getRaster().setSamples(0, 0, 28, 28, 0, levels);
        return digit;
    }

    /** Image i of the data set drawn as a scan with the given look, on a page of random size and position. */
    public static BufferedImage page(Dataset data, int i, Look look, Random random) {
        int side = 28 * look.scale();
        BufferedImage digit = digit(data, i);
        BufferedImage big = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(digit, 0, 0, side, side, null);
        g.dispose();
        int[] ink = big.getRaster().getSamples(0, 0, side, side, 0, new int[side * side]);

        int width = side + random.nextInt(2 * side);
        int height = side + random.nextInt(2 * side);
        int x0 = random.nextInt(width - side + 1);
        int y0 = random.nextInt(height - side + 1);
        Color paper = look.darkOnLight() ? (look.rgb() ? new Color(245, 238, 220) : new Color(235, 235, 235))
                : (look.rgb() ? new Color(20, 35, 60) : new Color(12, 12, 12));
        Color pen = look.darkOnLight() ? (look.rgb() ? new Color(25, 40, 150) : new Color(30, 30, 30))
                : (look.rgb() ? new Color(240, 240, 200) : new Color(250, 250, 250));
        BufferedImage page = new BufferedImage(width, height,
                look.rgb() ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                double v = inside ? ink[(y - y0) * side + x - x0] / 255.0 : 0;
                int r = mix(paper.getRed(), pen.getRed(), v);
                int gr = mix(paper.getGreen(), pen.getGreen(), v);
                int b = mix(paper.getBlue(), pen.getBlue(), v);
                row[x] = look.rgb() ? (r << 16) | (gr << 8) | b : r;
            }
            if (look.rgb()) {
                page.setRGB(0, y, width, 1, row, 0, width);
            } else {
                page.getRaster().setSamples(0, y, width, 1, 0, row);
            }
        }
        return page;
    }

    private static int mix(int paper, int pen, double ink) {
        return (int) Math.round(paper + (pen - paper) * ink);
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The image with Gaussian noise of this standard deviation (in grey levels) added to each channel of each pixel. */
    public static BufferedImage grainy(BufferedImage image, double sigma) {
        return grainy(image, sigma, 7);
    }

    /** The same, with the noise drawn from this seed. */
    public static BufferedImage grainy(BufferedImage image, double sigma, long seed) {
        Random random = new Random(seed);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int noisy = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int level = (int) Math.round((rgb >> shift & 0xff) + sigma * random.nextGaussian());
                    noisy |= Math.max(0, Math.min(255, level)) << shift;
                }
                image.setRGB(x, y, noisy);
            }
        }
        return image;
    }

    /**
     * Test digit i as a photo of a page: drawn {@code height}·{@code fraction} pixels tall in its
     * middle in dark blue ink (as opaque as MNIST's grey level) on cream paper (white when not
     * {@code colour}), with a little dust.
     */
    public static BufferedImage photo(Dataset test, int i, int width, int height, double fraction, boolean colour) {
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        for (int p = 0; p < 784; p++) {
            digit.setRGB(p % 28, p / 28, test.pixel(i, p) << 24 | 0x102060); // dark blue ink, as opaque as MNIST's grey level
        }
        BufferedImage page = new BufferedImage(width, height, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(colour ? new Color(240, 235, 220) : Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int side = (int) (height * fraction);
        g.drawImage(digit, (width - side) / 2, (height - side) / 2, side, side, null);
        Random random = new Random(i);
        for (int k = 0; k < width * height / 200; k++) {
            int v = 200 + random.nextInt(40);
            g.setColor(new Color(v, v, v));
            g.fillRect(random.nextInt(width), random.nextInt(height), 1, 1);
        }
        g.dispose();
        return page;
    }

    /** The JPEG the JDK writes at this quality (0–1, as javax.imageio takes it), progressive if asked. */
    public static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (javax.imageio.stream.MemoryCacheImageOutputStream out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            }
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The PNG with its IHDR width and height replaced (and the chunk's CRC fixed). */
    public static byte[] pngWithSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out);
        // Signature (8 bytes), then IHDR: length (4), "IHDR" (4), width (4), height (4), 5 more bytes, CRC (4).
        if (!"IHDR".equals(new String(out, 12, 4, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not a PNG with its IHDR chunk first");
        }
        b.putInt(16, width);
        b.putInt(20, height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(out, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return out;
    }
}

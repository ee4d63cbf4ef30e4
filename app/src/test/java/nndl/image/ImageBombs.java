package nndl.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Small files that declare big or costly images ("image bombs"), written byte by byte from the
 * formats' specifications: what a hostile upload to {@code serve} or a file given to
 * {@code predict} might be. Each is a few bytes to a few megabytes; decoded as declared, each
 * would take from hundreds of megabytes to gigabytes, or seconds of CPU.
 */
public final class ImageBombs {
    private ImageBombs() {
    }

    /** Every bomb by name (built when asked for: the PNGs of zeros take a moment to compress). */
    public static Map<String, Supplier<byte[]>> all() {
        Map<String, Supplier<byte[]>> bombs = new LinkedHashMap<>();
        bombs.put("tiff-6000x6000-rgba", () -> tiff(6000, 6000));
        bombs.put("png-6324x6324-rgba16", () -> png(6324, 6324, 6, 16, false));
        bombs.put("png-1x39999999", () -> png(1, 39_999_999, 0, 8, false));
        bombs.put("png-6000x6000-interlaced", () -> png(6000, 6000, 2, 8, true));
        bombs.put("png-6000x6000-grey-interlaced", () -> png(6000, 6000, 0, 8, true));
        bombs.put("png-50000x50000", () -> png(50_000, 50_000, 0, 1, false));
        bombs.put("png-palette-ztxt", () -> paletteWithText(64 << 20));
        bombs.put("jpeg-progressive-100000-scans", () -> progressiveScanBomb(100_000));
        bombs.put("jpeg-6324x6324-no-data", () -> jpegDeclaring(6324, 6324));
        bombs.put("gif-65535x65535", () -> gif(65_535, 65_535));
        bombs.put("gif-6000x6000", () -> gif(6000, 6000));
        bombs.put("bmp-50000x50000", () -> bmp(50_000, 50_000, 24, 0, 0));
        bombs.put("bmp-6000x6000-32bit", () -> bmp(6000, 6000, 32, 0, 0));
        bombs.put("bmp-6000x6000-rle8-huge-size", () -> bmp(6000, 6000, 8, 1, 0x7fff_ffff));
        bombs.put("bmp-holding-png", ImageBombs::bmpHoldingPng);
        // At the budget's edges: the most costly images still read.
        bombs.put("edge-png-6324x6324-rgb", () -> png(6324, 6324, 2, 8, false));
        bombs.put("edge-png-6324x6324-grey-interlaced", () -> png(6324, 6324, 0, 8, true));
        bombs.put("edge-jpeg-progressive-6324x6324-10-scans", () -> progressiveDeclaring(6324, 4));
        bombs.put("edge-jpeg-progressive-6324x6324-11-scans", () -> progressiveDeclaring(6324, 5));
        bombs.put("edge-jpeg-progressive-2400x2400-64-scans", () -> progressiveDeclaring(2400, 58));
        bombs.put("edge-gif-6324x6324", () -> gif(6324, 6324));
        bombs.put("edge-bmp-6324x6324-rle8", () -> bmp(6324, 6324, 8, 1, 0));
        return bombs;
    }

    /**
     * A PNG of zeros (all black, or transparent), compressed as it is written so that no image is
     * held: colour type 0 grey, 2 RGB, 3 palette, 4 grey with alpha, 6 RGBA; interlaced with
     * Adam7's seven passes if asked. PNG specification, sections 5–7 and 11.2.
     */
    public static byte[] png(int width, int height, int colourType, int bitDepth, boolean interlaced) {
        int channels = switch (colourType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream png = new DataOutputStream(out)) {
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
                    .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) (interlaced ? 1 : 0)).array());
            if (colourType == 3) {
                chunk(png, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
            }
            // Adam7's passes: first column and row, and the steps between them; one pass when not interlaced.
            int[][] passes = interlaced
                    ? new int[][] {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
                    : new int[][] {{0, 0, 1, 1}};
            long bytes = 0; // each row: its filter type (0, none), then its pixels, all zero
            for (int[] p : passes) {
                long columns = (width - p[0] + p[2] - 1) / p[2];
                long rows = (height - p[1] + p[3] - 1) / p[3];
                if (columns > 0 && rows > 0) {
                    bytes += rows * (1 + (columns * channels * bitDepth + 7) / 8);
                }
            }
            chunk(png, "IDAT", zlibZeros(bytes));
            chunk(png, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 2 × 2 palette PNG with a zTXt chunk whose text inflates to {@code textBytes} (zeros). */
    public static byte[] paletteWithText(int textBytes) {
        byte[] png = png(2, 2, 3, 8, false);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1)); // keyword, its end, compression method 0
        text.writeBytes(zlibZeros(textBytes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int afterHeader = 8 + 25;
        out.write(png, 0, afterHeader);
        try (DataOutputStream d = new DataOutputStream(out)) {
            chunk(d, "zTXt", text.toByteArray());
            d.write(png, afterHeader, png.length - afterHeader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A zlib stream (RFC 1950) of n zero bytes, made without compressing them all: a megabyte of
     * zeros compressed alone and flushed to a byte boundary is repeated (deflate blocks that refer
     * to nothing before them can follow one another, RFC 1951), then the rest, then the Adler-32
     * of n zeros: a = 1, b = n mod 65521.
     */
    public static byte[] zlibZeros(long n) {
        int mega = 1 << 20;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xda);
        byte[] block = rawDeflate(mega, Deflater.FULL_FLUSH);
        for (long i = 0; i < n / mega; i++) {
            out.writeBytes(block);
        }
        out.writeBytes(rawDeflate((int) (n % mega), -1));
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) ((n % 65521) << 16 | 1)).array());
        return out.toByteArray();
    }

    /** Deflate blocks (no zlib header) of n zeros, flushed so (or, with −1, finished). */
    private static byte[] rawDeflate(int n, int flush) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[n]);
        if (flush < 0) {
            deflater.finish();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (true) {
            int len = flush < 0 ? deflater.deflate(buffer) : deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, len);
            if (flush < 0 ? deflater.finished() : len < buffer.length && deflater.needsInput()) {
                break;
            }
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream png, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        png.writeInt(data.length);
        png.write(name);
        png.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.writeInt((int) crc.getValue());
    }

    /**
     * A baseline TIFF declaring {@code width × height} RGBA pixels, 8 bits each, uncompressed, in
     * one strip that the file does not hold (TIFF 6.0, sections 2 and 8).
     */
    public static byte[] tiff(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        int[][] entries = { // tag, type (3 SHORT, 4 LONG), count, value
            {256, 4, 1, width}, {257, 4, 1, height}, {258, 3, 4, 200}, {259, 3, 1, 1}, {262, 3, 1, 2},
            {273, 4, 1, 300}, {277, 3, 1, 4}, {278, 4, 1, height}, {279, 4, 1, width * height * 4}, {284, 3, 1, 1},
            {338, 3, 1, 2},
        };
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3 && e[2] == 1) {
                b.putShort((short) e[3]).putShort((short) 0);
            } else {
                b.putInt(e[3]);
            }
        }
        b.putInt(0);
        b.position(200);
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8).putShort((short) 8); // bits per sample
        b.position(300); // a little pixel data, then the file ends
        return java.util.Arrays.copyOf(b.array(), 1017);
    }

    /**
     * A 1024 × 1024 grey progressive JPEG (as the JDK writes one) followed by {@code extra} more
     * scans, each a first AC scan (T.81, G.1.2.2) coding every block's coefficients 1–63 as zero
     * in one end-of-band run: 12 bytes a scan, each of which a decoder goes through block by block.
     */
    public static byte[] progressiveScanBomb(int extra) {
        byte[] jpeg = Scans.jpeg(new BufferedImage(1024, 1024, BufferedImage.TYPE_BYTE_GRAY), 0.9f, true);
        return withEmptyScans(jpeg, 1024, extra);
    }

    /**
     * A progressive grey JPEG declaring side × side pixels, whose own scans (the JDK's six for a
     * grey image) hold the data of 16 × 16 pixels only, followed by {@code extra} empty scans as
     * above: a decoder goes through every block of the declared image in every scan.
     */
    public static byte[] progressiveDeclaring(int side, int extra) {
        byte[] jpeg = Scans.jpeg(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), 0.9f, true);
        int sof = indexOfMarker(jpeg, 0xc2);
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) side).putShort(sof + 7, (short) side);
        return withEmptyScans(jpeg, side, extra);
    }

    /** The JPEG (grey, side × side) with {@code extra} empty first AC scans put before its end. */
    private static byte[] withEmptyScans(byte[] jpeg, int side, int extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, jpeg.length - 2);
        // DHT: an AC table (class 1, number 0) of one code, "0", for the symbol 0xE0: an end-of-band
        // run of 2^14 + the next 14 bits blocks (at most 32,767).
        byte[] counts = new byte[16];
        counts[0] = 1;
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc4, 0, 2 + 1 + 16 + 1, 0x10});
        out.writeBytes(counts);
        out.write(0xe0);
        long blocks = (long) ((side + 7) / 8) * ((side + 7) / 8);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long bits = 0;
        int n = 0;
        for (long run = 0; run < blocks; run += 32_767) {
            bits = bits << 15 | 0x3fff; // the code "0", then 14 one-bits: a run of 32,767
            n += 15;
            while (n >= 8) {
                int b = (int) (bits >>> (n - 8)) & 0xff;
                data.write(b);
                if (b == 0xff) {
                    data.write(0); // byte stuffing (T.81, F.1.2.3)
                }
                n -= 8;
            }
        }
        if (n > 0) {
            int b = (int) (bits << (8 - n) | (1 << (8 - n)) - 1) & 0xff; // filled with one-bits
            data.write(b);
            if (b == 0xff) {
                data.write(0);
            }
        }
        byte[] scan = {(byte) 0xff, (byte) 0xda, 0, 8, 1, 1, 0x00, 1, 63, 0x00}; // one component (id 1), tables 0, Ss 1, Se 63, Ah Al 0
        for (int i = 0; i < extra; i++) {
            out.writeBytes(scan);
            out.writeBytes(data.toByteArray());
        }
        out.write(0xff);
        out.write(0xd9);
        return out.toByteArray();
    }

    /** A baseline JPEG (8 × 8 grey, as the JDK writes it) whose frame header declares width × height. */
    public static byte[] jpegDeclaring(int width, int height) {
        byte[] jpeg = Scans.jpeg(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), 0.9f, false);
        int sof = indexOfMarker(jpeg, 0xc0);
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) height).putShort(sof + 7, (short) width);
        return jpeg;
    }

    /** Where a marker (0xFF, code) first appears in a JPEG, or −1. */
    public static int indexOfMarker(byte[] jpeg, int code) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if (jpeg[i] == (byte) 0xff && (jpeg[i + 1] & 0xff) == code) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A GIF declaring width × height (screen and image) with two colours and almost no LZW data:
     * a clear code, one pixel, the end code (GIF89a, sections 18–22).
     */
    public static byte[] gif(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height)
                .put((byte) 0x80).put((byte) 0).put((byte) 0); // a global table of 2 colours
        b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        b.put((byte) 0x2c).putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height).put((byte) 0);
        // LZW with 2-bit codes + 1: clear (4), pixel 0, end (5), as 3-bit codes packed from the low bit.
        b.put((byte) 2).put((byte) 2).put((byte) (4 | 0 << 3 | (5 & 3) << 6)).put((byte) (5 >> 2)).put((byte) 0);
        b.put((byte) 0x3b);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /**
     * A BMP declaring width × height at this many bits a pixel and compression (0 none, 1 RLE8 with
     * a 2-colour palette), whose image data field says {@code imageSize} bytes; the pixel data is one
     * end-of-bitmap code.
     */
    public static byte[] bmp(int width, int height, int bitsPerPixel, int compression, int imageSize) {
        int palette = bitsPerPixel <= 8 ? 2 : 0;
        int offset = 14 + 40 + 4 * palette;
        ByteBuffer b = ByteBuffer.allocate(offset + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(offset + 2).putInt(0).putInt(offset);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) bitsPerPixel)
                .putInt(compression).putInt(imageSize).putInt(2835).putInt(2835).putInt(palette).putInt(0);
        for (int i = 0; i < palette; i++) {
            b.putInt(i == 0 ? 0 : 0xffffff);
        }
        b.put((byte) 0).put((byte) 1); // RLE's end of bitmap
        return b.array();
    }

    /** A BMP of 16 × 16 pixels whose data is a PNG (compression 5) declaring 50,000 × 50,000. */
    public static byte[] bmpHoldingPng() {
        byte[] png = png(50_000, 50_000, 0, 1, false);
        ByteBuffer b = ByteBuffer.allocate(54 + png.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + png.length).putInt(0).putInt(54);
        b.putInt(40).putInt(16).putInt(16).putShort((short) 1).putShort((short) 0)
                .putInt(5).putInt(png.length).putInt(2835).putInt(2835).putInt(0).putInt(0);
        b.put(png);
        return b.array();
    }

    /** Writes every bomb to a folder (for measuring them outside the tests). */
    public static void main(String[] args) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.createDirectories(dir);
        for (Map.Entry<String, Supplier<byte[]>> bomb : all().entrySet()) {
            byte[] bytes = bomb.getValue().get();
            try (OutputStream out = java.nio.file.Files.newOutputStream(dir.resolve(bomb.getKey()))) {
                out.write(bytes);
            }
            System.out.printf("%-32s %,12d bytes%n", bomb.getKey(), bytes.length);
        }
    }
}

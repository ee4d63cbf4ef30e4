package nndl.image;

import java.awt.image.BufferedImage;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import nndl.UserException;
import nndl.io.AtomicFile;

/**
 * Reading images a person hands us (PNG, JPEG, GIF, BMP, through javax.imageio) within a budget
 * ({@link ImageBudget}): the file's size, then what its header declares (sides, pixels, the
 * bytes its decoder writes, a progressive JPEG's scans) are checked before any pixel is decoded,
 * so a small file declaring a huge image is refused at once. A big image is read subsampled to
 * fit the decoded bytes held at once, then averaged down ({@link GreyImage}). Everything that
 * goes wrong is a {@link UserException} of one line.
 */
public final class ImageFiles {
    /** What a JPEG is decoded to when only its grey levels are wanted: its luma, 8 bits a pixel. */
    private static final ImageTypeSpecifier GREY = ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY);

    /** The formats we read, by javax.imageio's name, and how a person calls them. */
    private static final Map<String, String> FORMATS = Map.of("png", "PNG", "jpeg", "JPEG", "gif", "GIF", "bmp", "BMP");

    private ImageFiles() {
    }

    /**
     * An image's grey levels, averaged down to at most the pixels asked for, as stored (whatever
     * its EXIF orientation), and how they are to be turned to be seen upright: a JPEG's EXIF
     * orientation, NORMAL for other formats. The pixels are turned once they are few (see
     * {@link Orientation#apply}).
     */
    public record Picture(GreyImage grey, Orientation orientation) {
    }

    /**
     * Reads an image file's grey levels ({@link GreyImage#of}), averaged down by the least whole
     * factor that leaves at most {@code maxPixels}. A colour JPEG is read as its luma Y = 0.299 R +
     * 0.587 G + 0.114 B, the very grey GreyImage computes, which JPEG stores as such (JFIF's
     * YCbCr), so its colour is never converted. With it comes the JPEG's EXIF orientation.
     */
    public static Picture readGrey(Path file, long maxPixels) {
        return decodeGrey(read(file), file.toString(), maxPixels);
    }

    /** A file's bytes, refused when it is missing, a folder, empty or over {@link ImageBudget#MAX_FILE_BYTES}. */
    private static byte[] read(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserException(file + " is a folder, not an image file");
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) > ImageBudget.MAX_FILE_BYTES) {
                throw tooBig(file.toString(), Files.size(file));
            }
            try (InputStream in = Files.newInputStream(file)) {
                // Bounded, for what is not a regular file (a pipe, a device): it may never end.
                return in.readNBytes((int) ImageBudget.MAX_FILE_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new UserException("image file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static UserException tooBig(String source, long bytes) {
        return new UserException(String.format(Locale.ROOT, "%s is %s bytes, more than the %d MB nndl reads:"
                + " save a smaller image or crop it to the digit", source,
                bytes > ImageBudget.MAX_FILE_BYTES ? "over " + ImageBudget.MAX_FILE_BYTES : Long.toString(bytes),
                ImageBudget.MAX_FILE_BYTES >> 20));
    }

    /**
     * Decodes an image held in memory (an uploaded file, a request body) as {@link #readGrey} reads
     * a file; {@code source} names it in messages.
     */
    public static Picture decodeGrey(byte[] bytes, String source, long maxPixels) {
        if (bytes.length == 0) {
            throw new UserException(source + " is empty: give a PNG, JPEG, GIF or BMP image of a digit");
        }
        if (bytes.length > ImageBudget.MAX_FILE_BYTES) {
            throw tooBig(source, bytes.length);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in, source);
            try {
                return decode(reader, in, bytes, source, maxPixels);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Checks the image's header against the budget, decodes it (a JPEG straight to its luma) and averages it down. */
    private static Picture decode(ImageReader reader, ImageInputStream in, byte[] bytes, String source, long maxPixels) {
        String format = FORMATS.get(name(reader));
        if (format.equals("BMP")) {
            ImageHeaders.checkBmp(bytes, source);
        }
        reader.setInput(in, true, true);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            ImageTypeSpecifier stored = reader.getRawImageType(0);
            double decodedBytes = bytesPerPixel(stored != null ? stored : reader.getImageTypes(0).next());
            ImageReadParam param = reader.getDefaultReadParam();
            double heldBytes = decodedBytes;
            if (format.equals("JPEG")) {
                ImageBudget.check(source, format, width, height, decodedBytes);
                ImageBudget.checkScans(source, width, height, ImageHeaders.jpegScans(bytes));
                if (offersGrey(reader)) {
                    param.setDestinationType(GREY);
                    heldBytes = 1;
                }
            } else {
                boolean interlaced = format.equals("PNG") && ImageHeaders.pngInterlaced(bytes);
                ImageBudget.check(source, (interlaced ? "interlaced " : "") + format, width, height,
                        decodedBytes * (interlaced ? ImageBudget.INTERLACE_COST : 1));
            }
            int k = ImageBudget.subsampling(width, height, heldBytes);
            if (k > 1) {
                param.setSourceSubsampling(k, k, 0, 0);
            }
            image = reader.read(0, param);
        } catch (UserException e) {
            throw e;
        } catch (EOFException e) {
            throw truncated(source);
        } catch (IOException | RuntimeException e) {
            // Decoders report truncation and damage in many words (and some with runtime exceptions).
            throw new UserException(source + " is not a readable " + format
                    + " image (it may be truncated or damaged): " + oneLine(e), e);
        }
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("truncated") || w.contains("premature end")) {
                throw truncated(source);
            }
        }
        Orientation orientation = format.equals("JPEG") ? Orientation.ofJpeg(new ByteArrayInputStream(bytes)) : Orientation.NORMAL;
        return new Picture(GreyImage.of(image, maxPixels), orientation);
    }

    /** The bytes a decoder writes per pixel of an image of this type, as stored (a 1-bit palette image: 1/8). */
    private static double bytesPerPixel(ImageTypeSpecifier type) {
        SampleModel model = type.getSampleModel(1, 1);
        int bits = 0;
        for (int size : model.getSampleSize()) {
            bits += size;
        }
        return bits / 8.0;
    }

    private static boolean offersGrey(ImageReader reader) throws IOException {
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            if (types.next().getBufferedImageType() == BufferedImage.TYPE_BYTE_GRAY) {
                return true;
            }
        }
        return false;
    }

    /** A reader for one of our four formats, or a UserException naming what the file is instead. */
    private static ImageReader readerFor(ImageInputStream in, String source) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        boolean tiff = false;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (FORMATS.containsKey(name(reader))) {
                return reader;
            }
            tiff |= name(reader).startsWith("tif");
            reader.dispose();
        }
        // (javax.imageio also reads WBMP, whose signature so many files match that it is not named.)
        throw new UserException(source + (tiff ? " is a TIFF image, which nndl does not read" : " is not an image nndl can read")
                + ": give a PNG, JPEG, GIF or BMP file");
    }

    private static String name(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "?";
        }
    }

    private static UserException truncated(String source) {
        return new UserException(source + " is truncated (the file ends before the image does): save or copy it again");
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ').trim();
    }

    /** Writes an image as PNG, atomically. */
    public static void writePng(BufferedImage image, Path file) {
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for this kind of image");
            }
        });
    }
}

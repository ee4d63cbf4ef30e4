package nndl.image;

import java.awt.image.BufferedImage;
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
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import nndl.UserException;
import nndl.image.jpeg.JpegLuma;
import nndl.io.AtomicFile;

/**
 * Reading images a person hands us (PNG, JPEG, GIF, BMP, TIFF, through javax.imageio) with
 * limits: the size is read from the header first, and an image over {@link #MAX_PIXELS} is
 * refused before any pixel is decoded, so a 50,000 × 50,000 "image bomb" never allocates its
 * 10 GB. Everything that goes wrong is a {@link UserException} of one line.
 */
public final class ImageFiles {
    /** The largest image we decode: 40 megapixels (a good phone camera's photo). */
    public static final long MAX_PIXELS = 40_000_000L;

    /** What a JPEG is decoded to when only its grey levels are wanted: its luma, 8 bits a pixel. */
    private static final ImageTypeSpecifier GREY = ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY);

    /** The formats we read (javax.imageio may know more, such as WBMP, whose detection is too loose). */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "jpg", "gif", "bmp", "tiff", "tif");

    private ImageFiles() {
    }

    /** Files up to this size are read whole into memory, where a big JPEG can be decoded straight to its averages. */
    private static final long IN_MEMORY = 64L << 20;

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
     * YCbCr), so the colour is skipped altogether. A JPEG over {@code maxPixels} (or any
     * progressive one) is decoded straight to its averages by 2, 4 or 8 ({@link JpegLuma}, which
     * says by how much, from {@code maxPixels} and {@code minSide}), a 12-megapixel photo in a
     * fraction of the time a full decode takes. With it comes the JPEG's EXIF orientation.
     */
    public static Picture readGrey(Path file, long maxPixels, int minSide) {
        check(file);
        try {
            if (Files.size(file) <= IN_MEMORY) {
                return decodeGrey(Files.readAllBytes(file), file.toString(), maxPixels, minSide);
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return decode(in, file.toString(), maxPixels);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file that is there, is a file, and is not empty. */
    private static void check(Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new UserException(file + " is empty: give a PNG, JPEG, GIF or BMP image of a digit");
            }
        } catch (NoSuchFileException e) {
            throw new UserException("image file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(file)) {
            throw new UserException(file + " is a folder, not an image file");
        }
    }

    /**
     * Decodes an image held in memory (an uploaded file, a request body) as {@link #readGrey} reads
     * a file; {@code source} names it in messages.
     */
    public static Picture decodeGrey(byte[] bytes, String source, long maxPixels, int minSide) {
        if (bytes.length == 0) {
            throw new UserException(source + " is empty: give a PNG, JPEG, GIF or BMP image of a digit");
        }
        GreyImage averaged = JpegLuma.decode(bytes, maxPixels, minSide, MAX_PIXELS); // null at once if not a JPEG
        if (averaged != null) {
            return new Picture(averaged, Orientation.ofJpeg(new ByteArrayInputStream(bytes)));
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, source, maxPixels);
        } catch (IOException e) {
            throw new UserException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Decodes an image with javax.imageio, a JPEG straight to its luma, and averages it down to at most maxPixels. */
    private static Picture decode(ImageInputStream in, String source, long maxPixels) throws IOException {
        ImageReader reader = readerFor(in, source);
        try {
            boolean greyJpeg = name(reader).equals("jpeg");
            Orientation orientation = Orientation.NORMAL;
            if (greyJpeg) {
                // The header segments only, before the decoder starts (it may drop what it has read).
                long start = in.getStreamPosition();
                orientation = Orientation.ofJpeg(inputStream(in));
                in.seek(start);
            }
            reader.setInput(in, true, true);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
            long width;
            long height;
            BufferedImage image;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new UserException(source + " says it is " + width + "x" + height + " pixels: it is damaged");
                }
                if (width * height > MAX_PIXELS) {
                    throw new UserException(String.format(Locale.ROOT,
                            "%s is %dx%d pixels (%.0f megapixels), more than the %d we read: scale it down or crop it to the digit",
                            source, width, height, width * height / 1e6, MAX_PIXELS / 1_000_000));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                if (greyJpeg && offersGrey(reader)) {
                    param.setDestinationType(GREY);
                }
                image = reader.read(0, param);
            } catch (UserException e) {
                throw e;
            } catch (EOFException e) {
                throw truncated(source);
            } catch (IOException | RuntimeException e) {
                // Decoders report truncation and damage in many words (and some with runtime exceptions).
                throw new UserException(source + " is not a readable " + name(reader)
                        + " image (it may be truncated or damaged): " + oneLine(e), e);
            }
            for (String warning : warnings) {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("truncated") || w.contains("premature end")) {
                    throw truncated(source);
                }
            }
            return new Picture(GreyImage.of(image, maxPixels), orientation);
        } finally {
            reader.dispose();
        }
    }

    /** The image stream from where it is, as an InputStream (not closing it). */
    private static InputStream inputStream(ImageInputStream in) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                return in.skipBytes(n);
            }
        };
    }

    private static boolean offersGrey(ImageReader reader) throws IOException {
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            if (types.next().getBufferedImageType() == BufferedImage.TYPE_BYTE_GRAY) {
                return true;
            }
        }
        return false;
    }

    private static ImageReader readerFor(ImageInputStream in, String source) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (FORMATS.contains(name(reader))) {
                return reader;
            }
        }
        throw new UserException(source + " is not an image nndl can read: give a PNG, JPEG, GIF or BMP file");
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

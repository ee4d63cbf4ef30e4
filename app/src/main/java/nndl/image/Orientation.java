package nndl.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.InputStream;
import java.util.List;

/**
 * How a photo's stored pixels are to be turned to be seen upright: the EXIF Orientation tag
 * (TIFF tag 274 in the photo's first image directory), which a phone writes instead of turning
 * the pixels, so that a digit photographed in portrait is stored lying on its side. Image viewers
 * and browsers honour it, and so do we. The tag says where the stored rows and columns go (EXIF
 * 2.3, section 4.6.4; TIFF 6.0): 1 as stored, 2 mirrored left to right, 3 turned half a turn,
 * 4 mirrored top to bottom, 5 transposed (mirrored about the main diagonal), 6 turned a quarter
 * clockwise, 7 transversed (mirrored about the other diagonal), 8 turned a quarter anticlockwise.
 */
public enum Orientation {
    NORMAL(1, false, false, false),
    MIRROR_HORIZONTAL(2, false, true, false),
    ROTATE_180(3, false, true, true),
    MIRROR_VERTICAL(4, false, false, true),
    TRANSPOSE(5, true, false, false),
    ROTATE_90_CLOCKWISE(6, true, false, true),
    TRANSVERSE(7, true, true, true),
    ROTATE_90_ANTICLOCKWISE(8, true, true, false);

    /** Square tiles a turn is copied by, so that the column-wise side stays in the cache. */
    private static final int TILE = 64;

    /** The tag's value, 1 to 8. */
    public final int tag;
    /** Whether the upright image's rows are the stored columns (width and height swap). */
    final boolean transposed;
    /** Whether the stored columns are read right to left (x from w − 1 down). */
    final boolean reversedColumns;
    /** Whether the stored rows are read bottom to top (y from h − 1 up). */
    final boolean reversedRows;

    Orientation(int tag, boolean transposed, boolean reversedColumns, boolean reversedRows) {
        this.tag = tag;
        this.transposed = transposed;
        this.reversedColumns = reversedColumns;
        this.reversedRows = reversedRows;
    }

    /** The orientation with this tag value; anything but 1 to 8 is taken as 1 (as stored). */
    public static Orientation of(int tag) {
        return tag >= 1 && tag <= 8 ? values()[tag - 1] : NORMAL;
    }

    /**
     * The orientation a JPEG's EXIF block gives, read from its header segments up to the image
     * data (none of it is decoded); 1 (as stored) when there is no EXIF block, no tag, or either is
     * damaged: a photo is never refused for its metadata.
     */
    public static Orientation ofJpeg(InputStream jpeg) {
        try {
            Metadata metadata = JpegMetadataReader.readMetadata(jpeg, List.of(new ExifReader()));
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            Integer tag = ifd0 == null ? null : ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            return tag == null ? NORMAL : of(tag);
        } catch (Exception e) {
            // metadata-extractor reports damage with checked and runtime exceptions alike.
            return NORMAL;
        }
    }

    /**
     * The image as it is to be seen: pixel (x, y) of the result is the stored pixel its
     * orientation puts there. Cheap enough for the averaged-down photo (a copy of its levels,
     * a turn by 64 × 64 tiles).
     */
    public GreyImage apply(GreyImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        // Where the upright image's first pixel is in the stored levels, and how far a step along
        // its rows (x) and columns (y) moves there.
        int origin = (reversedColumns ? w - 1 : 0) + (reversedRows ? (h - 1) * w : 0);
        int alongStoredRow = reversedColumns ? -1 : 1;
        int alongStoredColumn = reversedRows ? -w : w;
        int stepX = transposed ? alongStoredColumn : alongStoredRow;
        int stepY = transposed ? alongStoredRow : alongStoredColumn;
        int uw = transposed ? h : w;
        int uh = transposed ? w : h;
        float[] in = stored.lightness();
        float[] out = new float[uw * uh];
        for (int y0 = 0; y0 < uh; y0 += TILE) {
            for (int x0 = 0; x0 < uw; x0 += TILE) {
                int x1 = Math.min(x0 + TILE, uw);
                for (int y = y0; y < Math.min(y0 + TILE, uh); y++) {
                    int from = origin + y * stepY + x0 * stepX;
                    for (int x = x0; x < x1; x++, from += stepX) {
                        out[y * uw + x] = in[from];
                    }
                }
            }
        }
        return new GreyImage(uw, uh, out);
    }
}

package nndl.viz;

import java.awt.Graphics2D;

/**
 * Something drawn on a canvas of a fixed size: a chart or a grid of images, written to a PNG or
 * SVG file by {@link PictureFile}. (Not {@code nndl.image.ImageFiles.Picture}, a person's image as read.)
 */
public interface Drawing {
    int width();

    int height();

    /** Draws the whole picture, background included, on a canvas of {@link #width()} × {@link #height()}. */
    void paint(Graphics2D g);
}

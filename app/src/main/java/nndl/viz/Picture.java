package nndl.viz;

import java.awt.Graphics2D;

/** Something drawn on a canvas of a fixed size: a chart or a grid of images, written by {@link PictureFile}. */
public interface Picture {
    int width();

    int height();

    /** Draws the whole picture, background included, on a canvas of {@link #width()} × {@link #height()}. */
    void paint(Graphics2D g);
}

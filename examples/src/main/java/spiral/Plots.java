package spiral;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG pictures of a training run, drawn with java.awt and written with javax.imageio: no dependencies. */
public final class Plots {

    private static final Color CLASS0 = new Color(31, 119, 180);
    private static final Color CLASS1 = new Color(255, 127, 14);

    private Plots() {
    }

    /** The mean loss of each epoch, on a logarithmic axis. */
    public static void lossCurve(double[] losses, Path file) throws IOException {
        int w = 720;
        int h = 420;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 50;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double l : losses) {
            lo = Math.min(lo, l);
            hi = Math.max(hi, l);
        }
        double logLo = Math.floor(Math.log10(lo));
        double logHi = Math.ceil(Math.log10(hi));
        if (logHi == logLo) {
            logHi++;
        }
        int plotW = w - left - right;
        int plotH = h - top - bottom;
        g.setColor(Color.BLACK);
        g.drawString("mean training loss per epoch (log scale): spiral.TrainSpiral", left, 24);
        g.drawRect(left, top, plotW, plotH);
        for (double e = logLo; e <= logHi; e++) {
            int y = top + (int) Math.round(plotH * (logHi - e) / (logHi - logLo));
            g.setColor(new Color(220, 220, 220));
            g.drawLine(left + 1, y, left + plotW - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("1e%d", (int) e), 20, y + 5);
        }
        int n = losses.length;
        for (int k = 0; k <= 5; k++) {
            int epoch = (int) Math.round((double) n * k / 5);
            int x = left + (int) Math.round((double) plotW * epoch / n);
            g.drawLine(x, top + plotH, x, top + plotH + 5);
            g.drawString(Integer.toString(epoch), x - 8, top + plotH + 20);
        }
        g.drawString("epoch", left + plotW / 2 - 15, h - 10);
        Path2D.Double line = new Path2D.Double();
        for (int i = 0; i < n; i++) {
            double x = left + (double) plotW * (i + 1) / n;
            double y = top + plotH * (logHi - Math.log10(losses[i])) / (logHi - logLo);
            if (i == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        }
        g.setColor(CLASS0);
        g.setStroke(new BasicStroke(2f));
        g.draw(line);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * The plane [-1.25, 1.25]² shaded by the network's probability of class 1, with the training points (small)
     * and the held-out points (ringed).
     */
    public static void decisionBoundary(double[][] p, Spirals train, Spirals test, Path file) throws IOException {
        int size = 500;
        double extent = 1.25;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        double[] row = new double[2 * size];
        for (int py = 0; py < size; py++) {
            for (int px = 0; px < size; px++) {
                row[2 * px] = toPlane(px, size, extent);
                row[2 * px + 1] = -toPlane(py, size, extent);
            }
            double[] z = Mlp.logits(size, row, p[0], p[1], p[2], p[3], p[4], p[5]);
            for (int px = 0; px < size; px++) {
                double p1 = 1 / (1 + Math.exp(z[2 * px] - z[2 * px + 1]));
                image.setRGB(px, py, blend(p1).getRGB());
            }
        }
        Graphics2D g = canvas(image, false);
        drawPoints(g, train, size, extent, 2.5, false);
        drawPoints(g, test, size, extent, 3.5, true);
        g.setColor(Color.BLACK);
        g.drawString("decision boundary after training; ringed points are held out", 10, 18);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawPoints(Graphics2D g, Spirals data, int size, double extent, double r, boolean ringed) {
        for (int i = 0; i < data.size(); i++) {
            double x = toPixel(data.x()[2 * i], size, extent);
            double y = toPixel(-data.x()[2 * i + 1], size, extent);
            Ellipse2D.Double dot = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            g.setColor(data.label()[i] == 0 ? CLASS0.darker() : CLASS1.darker());
            g.fill(dot);
            if (ringed) {
                g.setColor(Color.BLACK);
                g.draw(dot);
            }
        }
    }

    private static double toPlane(int pixel, int size, double extent) {
        return (pixel + 0.5) / size * 2 * extent - extent;
    }

    private static double toPixel(double v, int size, double extent) {
        return (v + extent) / (2 * extent) * size;
    }

    private static Color blend(double p1) {
        double t = 0.35;   // pale: the points must stand out
        double r = (1 - p1) * CLASS0.getRed() + p1 * CLASS1.getRed();
        double gr = (1 - p1) * CLASS0.getGreen() + p1 * CLASS1.getGreen();
        double b = (1 - p1) * CLASS0.getBlue() + p1 * CLASS1.getBlue();
        return new Color((int) (255 - t * (255 - r)), (int) (255 - t * (255 - gr)), (int) (255 - t * (255 - b)));
    }

    private static Graphics2D canvas(BufferedImage image) {
        return canvas(image, true);
    }

    private static Graphics2D canvas(BufferedImage image, boolean clear) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        if (clear) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
        }
        return g;
    }
}

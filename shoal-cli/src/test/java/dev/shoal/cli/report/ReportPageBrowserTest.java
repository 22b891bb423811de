package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Renders the report page in headless Chromium, as a person would open it, and checks that the charts
 * drew: the page's own marker says every chart finished drawing, and the screenshot is a picture, with
 * the pixels of a chart colour in it, not a blank page. Fails when chromium is not installed.
 */
class ReportPageBrowserTest {
    private static final int CHARTS = 4;
    /** The "responses" blue: drawn on canvas by the histogram, the p50 line and the percentile curve. */
    private static final int CANVAS_BLUE = 0x1c7ed6;

    @TempDir
    Path dir;

    @Test
    void chromiumDrawsEveryChartOfASampleRun() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        SampleRun.write(rows, 20_000, 8);
        Path html = report(rows);
        HeadlessChromium chromium = HeadlessChromium.find();

        String dom = chromium.dumpDom(html);
        assertTrue(dom.contains("data-rendered=\"true\""), "the page says it finished rendering");
        assertTrue(dom.contains("data-charts=\"" + CHARTS + "\""), "every chart drew");
        assertTrue(dom.contains("id=\"rendered\""));
        assertEquals(CHARTS, count(dom, "<canvas"));
        assertTrue(dom.contains("api.example.com"), "the hosts table is filled");

        Path png = dir.resolve("report.png");
        chromium.screenshot(html, png, 1280, 2000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(2000, image.getHeight());
        Map<Integer, Integer> colours = histogram(image);
        int pixels = image.getWidth() * image.getHeight();
        int background = colours.values().stream().max(Integer::compare).orElse(0);
        assertTrue(colours.size() > 200, "a picture has many colours, this has " + colours.size());
        assertTrue(pixels - background > pixels / 10, "more than a tenth of the page is not background");
        int blue = colours.getOrDefault(CANVAS_BLUE, 0);
        assertTrue(blue > 5_000, "the canvas charts drew in their colour: " + blue + " pixels");
    }

    @Test
    void aReportOfNoRowsStillRendersAndSaysSo() throws Exception {
        Path rows = dir.resolve("empty.jsonl");
        Files.writeString(rows, "");
        String dom = HeadlessChromium.find().dumpDom(report(rows));
        assertTrue(dom.contains("data-rendered=\"true\""));
        assertTrue(dom.contains("data-charts=\"0\""));
        assertTrue(dom.contains("No rows."));
    }

    private Path report(Path rows) {
        Path html = dir.resolve(rows.getFileName() + ".html");
        CommandLine command = new CommandLine(new ReportCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, command.execute(rows.toString(), "--html", html.toString()));
        return html;
    }

    private static Map<Integer, Integer> histogram(BufferedImage image) {
        Map<Integer, Integer> colours = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
            }
        }
        return colours;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

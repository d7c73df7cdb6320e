package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgChartTest {
  @Test
  void drawsTheSamplesAndTheTrendAsValidSelfContainedSvg() throws Exception {
    double[] t = {0, 60, 120};
    double[] y = {100, 110, 120};
    Trend trend = Trend.fit(t, y);
    String svg = SvgChart.render("heap <after> GC & x", "MiB", t, y, trend);

    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    // Plot area x 90..700 over 0..120 s, y 275..40 over 100..120 (the range does not start at 0:
    // 100 is more than half of 120).
    Element poly = (Element) doc.getElementsByTagName("polyline").item(0);
    assertEquals("90.0,275.0 395.0,157.5 700.0,40.0", poly.getAttribute("points"));
    // y = 100 + t/6: 600 per hour.
    assertTrue(svg.contains("heap &lt;after&gt; GC &amp; x (slope 600 MiB/h)"), svg);
    // Nothing to fetch: no scripts, links or external references.
    assertFalse(svg.contains("<script"));
    assertFalse(svg.contains("href"));
    assertEquals(1, svg.split("http", -1).length - 1, "only the SVG namespace names a URL");
  }

  @Test
  void aSeriesWithoutValuesStillDraws() {
    String svg =
        SvgChart.render(
            "empty", "", new double[] {0, 10}, new double[] {Double.NaN, Double.NaN}, null);
    assertTrue(svg.startsWith("<svg"));
    assertTrue(svg.endsWith("</svg>\n"));
  }
}

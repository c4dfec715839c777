package dev.mlopssuite.batch.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.BinaryMetrics.CurvePoint;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG plots, read back as XML: what a reviewer must be able to see in them. */
class EvaluationPlotsTest {
  /** 10,000 rows with distinct scores, a few positives per hundred, over 100 entities × 10 days. */
  static BinaryMetrics model(long seed, double threshold) {
    int n = 10_000;
    Random random = new Random(seed);
    double[] p = new double[n];
    int[] y = new int[n];
    String[] entities = new String[n];
    long[] millis = new long[n];
    for (int i = 0; i < n; i++) {
      p[i] = random.nextDouble();
      y[i] = random.nextDouble() < 0.1 * p[i] * p[i] ? 1 : 0;
      entities[i] = "E" + (i % 100);
      millis[i] = (i / 100) * 8_640_000L;
    }
    return BinaryMetrics.of(new ScoredRows(p, y, entities, millis), threshold, 15);
  }

  static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> byClass(Document doc, String tag, String cssClass) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (e.getAttribute("class").equals(cssClass)) {
        out.add(e);
      }
    }
    return out;
  }

  static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }

  static List<double[]> polyline(Element e) {
    List<double[]> out = new ArrayList<>();
    for (String pair : e.getAttribute("points").trim().split("\\s+")) {
      String[] xy = pair.split(",");
      out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return out;
  }

  @Test
  void thePrCurveIsTheStepFunctionOfAveragePrecision() {
    // the classic example: by falling threshold (R, P) = (.5, 1), (.5, .5), (1, 2/3); AP = .5·1 +
    // 0·.5 + .5·2/3. Each point is reached horizontally, then the path drops or rises to the next
    List<double[]> path =
        EvaluationPlots.steps(
            List.of(
                new CurvePoint(0.5, 1.0, 0.8),
                new CurvePoint(0.5, 0.5, 0.4),
                new CurvePoint(1.0, 2.0 / 3, 0.35)));
    double[][] expected = {{0, 1}, {0.5, 1}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 2.0 / 3}, {1, 2.0 / 3}};
    assertEquals(expected.length, path.size());
    double area = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i][0], path.get(i)[0], 1e-12);
      assertEquals(expected[i][1], path.get(i)[1], 1e-12);
      if (i > 0) {
        area += (path.get(i)[0] - path.get(i - 1)[0]) * path.get(i)[1];
      }
    }
    assertEquals(0.5 + 0.5 * 2.0 / 3, area, 1e-12);
  }

  @Test
  void prPathsAreMonotoneStepsAtTheFinerThinningAndEncloseTheAveragePrecision() throws Exception {
    BinaryMetrics challenger = model(1, 0.5);
    Document pr = parse(EvaluationPlots.precisionRecall(challenger, model(2, 0.5)));
    Element area = byClass(pr, "rect", "plot-area").get(0);
    double left = attr(area, "x");
    double bottom = attr(area, "y") + attr(area, "height");
    double size = attr(area, "width");
    for (String curve : List.of("pr-curve challenger", "pr-curve champion")) {
      List<double[]> points = polyline(byClass(pr, "polyline", curve).get(0));
      // two vertices per PR point, from the 2,000-point curve, not the 200 stored in JSON
      assertEquals(2 * BinaryMetrics.MAX_PLOT_CURVE_POINTS, points.size(), curve);
      for (int i = 1; i < points.size(); i++) {
        double[] a = points.get(i - 1);
        double[] b = points.get(i);
        assertTrue(a[0] == b[0] || a[1] == b[1], curve + ": a diagonal segment at vertex " + i);
        assertTrue(b[0] >= a[0], curve + ": recall goes back at vertex " + i);
      }
    }
    List<double[]> points = polyline(byClass(pr, "polyline", "pr-curve challenger").get(0));
    double enclosed = 0;
    for (int i = 1; i < points.size(); i++) {
      enclosed += (points.get(i)[0] - points.get(i - 1)[0]) / size * (bottom - points.get(i)[1]);
    }
    enclosed /= size;
    // pixels are rounded to 0.1 of 340 and the curve is thinned: close, not exact
    assertEquals(challenger.prAuc(), enclosed, 0.01);
    assertEquals(left, points.get(0)[0], 0.0, "the step function starts at recall 0");
  }

  @Test
  void theOperatingThresholdIsMarkedOnRocAndPrForBothModels() throws Exception {
    BinaryMetrics challenger = model(1, 0.7);
    BinaryMetrics champion = model(2, 0.7);
    Document pr = parse(EvaluationPlots.precisionRecall(challenger, champion));
    Document roc = parse(EvaluationPlots.roc(challenger, champion));
    Element area = byClass(pr, "rect", "plot-area").get(0);
    double left = attr(area, "x");
    double bottom = attr(area, "y") + attr(area, "height");
    double size = attr(area, "width");

    List<Element> prPoints = byClass(pr, "circle", "operating-point");
    assertEquals(2, prPoints.size());
    Element last = prPoints.get(1); // the challenger is drawn last, on top
    assertEquals(left + challenger.recall() * size, attr(last, "cx"), 0.051);
    assertEquals(bottom - challenger.precision() * size, attr(last, "cy"), 0.051);

    List<Element> rocPoints = byClass(roc, "circle", "operating-point");
    assertEquals(2, rocPoints.size());
    double fpr = (double) challenger.falsePositives() / challenger.negatives();
    assertEquals(left + fpr * size, attr(rocPoints.get(1), "cx"), 0.051);
    assertEquals(bottom - challenger.recall() * size, attr(rocPoints.get(1), "cy"), 0.051);
    String svg = EvaluationPlots.roc(challenger, champion);
    assertTrue(svg.contains("operating threshold 0.700"), svg);
  }

  @Test
  void legendsSitBelowThePlotArea() throws Exception {
    BinaryMetrics challenger = model(1, 0.5);
    BinaryMetrics champion = model(2, 0.5);
    for (String svg :
        List.of(
            EvaluationPlots.roc(challenger, champion),
            EvaluationPlots.precisionRecall(challenger, champion),
            EvaluationPlots.calibration(challenger, champion))) {
      Document doc = parse(svg);
      Element area = byClass(doc, "rect", "plot-area").get(0);
      double bottom = attr(area, "y") + attr(area, "height");
      double height = Double.parseDouble(doc.getDocumentElement().getAttribute("height"));
      Element legend = byClass(doc, "g", "legend").get(0);
      NodeList items = legend.getElementsByTagName("*");
      assertTrue(items.getLength() >= 6, "a sample and a label per series");
      for (int i = 0; i < items.getLength(); i++) {
        Element item = (Element) items.item(i);
        for (String name : List.of("y", "y1", "y2", "cy")) {
          if (item.hasAttribute(name)) {
            double y = attr(item, name) - (item.getTagName().equals("circle") ? 5 : 0);
            assertTrue(y > bottom && attr(item, name) < height, item.getTagName() + " " + name);
          }
        }
      }
    }
  }

  @Test
  void withoutAnyPredictedPositiveThereIsNoPrOperatingPoint() throws Exception {
    // threshold above every score: precision undefined, so there is no point to mark on PR
    BinaryMetrics challenger = model(1, 1.0);
    assertTrue(Double.isNaN(challenger.precision()));
    Document pr = parse(EvaluationPlots.precisionRecall(challenger, null));
    assertTrue(byClass(pr, "circle", "operating-point").isEmpty());
    assertFalse(byClass(pr, "polyline", "pr-curve challenger").isEmpty());
    // on ROC it is the origin: nothing flagged, nothing caught
    assertEquals(
        1,
        byClass(parse(EvaluationPlots.roc(challenger, null)), "circle", "operating-point").size());
  }
}

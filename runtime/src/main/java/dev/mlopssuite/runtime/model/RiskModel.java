package dev.mlopssuite.runtime.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A trained binary risk model over named features: the probability of the positive class ("1").
 * Saved in Tribuo's protobuf format only, never Java serialization (docs/trust.md); loading refuses
 * a file that is not a binary classifier over the expected features.
 */
public final class RiskModel {
  public static final String POSITIVE = "1";
  public static final String NEGATIVE = "0";
  public static final String FILE_NAME = "model.tribuo";
  private static final LabelFactory LABELS = new LabelFactory();

  private final Model<Label> model;
  private final String[] featureNames;

  private RiskModel(Model<Label> model, List<String> featureNames) {
    this.model = model;
    this.featureNames = featureNames.toArray(String[]::new);
  }

  /** Wraps a model trained by the batch module (its trainers stay out of the runtime). */
  public static RiskModel of(Model<Label> model, List<String> featureNames) {
    return new RiskModel(model, featureNames);
  }

  @SuppressWarnings("unchecked")
  public static RiskModel load(Path file, List<String> expectedFeatures) throws ModelException {
    Model<?> loaded;
    try {
      loaded = Model.deserializeFromFile(file);
    } catch (IOException | RuntimeException e) {
      throw new ModelException(
          "cannot load the model " + file + " (Tribuo protobuf expected): " + e.getMessage(), e);
    }
    if (!loaded.validate(Label.class)) {
      throw new ModelException("the model " + file + " is not a classification model");
    }
    Model<Label> model = (Model<Label>) loaded;
    var domain = model.getOutputIDInfo().getDomain().stream().map(Label::getLabel).toList();
    if (!domain.contains(POSITIVE)) {
      throw new ModelException(
          "the model " + file + " has no positive class '1' (its classes: " + domain + ")");
    }
    var known = model.getFeatureIDMap();
    for (String feature : expectedFeatures) {
      if (known.get(feature) == null) {
        throw new ModelException(
            "the model "
                + file
                + " does not know feature '"
                + feature
                + "': it was trained on another feature version; retrain or use the matching feature definitions");
      }
    }
    return new RiskModel(model, expectedFeatures);
  }

  public void save(Path file) throws ModelException {
    try {
      model.serializeToFile(file);
    } catch (IOException e) {
      throw new ModelException("cannot write the model to " + file + ": " + e.getMessage(), e);
    }
  }

  public List<String> featureNames() {
    return List.of(featureNames);
  }

  public double probability(double[] features) {
    return positiveScore(model.predict(example(features)));
  }

  public double[] probabilities(double[][] rows) {
    List<Example<Label>> examples = new ArrayList<>(rows.length);
    for (double[] row : rows) {
      examples.add(example(row));
    }
    List<Prediction<Label>> predictions = model.predict(examples);
    double[] out = new double[rows.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = positiveScore(predictions.get(i));
    }
    return out;
  }

  /**
   * Feature → importance from Tribuo's own view of the model (weights for linear, gain/splits for
   * trees).
   */
  public Map<String, Double> featureImportance() {
    Map<String, Double> importance = new TreeMap<>();
    model
        .getTopFeatures(-1)
        .forEach(
            (output, features) -> {
              if (output.equals(POSITIVE) || output.equals(Model.ALL_OUTPUTS)) {
                features.forEach(pair -> importance.merge(pair.getA(), pair.getB(), (a, b) -> a));
              }
            });
    return importance;
  }

  public String tribuoVersion() {
    return org.tribuo.Tribuo.VERSION;
  }

  private ArrayExample<Label> example(double[] features) {
    if (features.length != featureNames.length) {
      throw new IllegalArgumentException(
          "a row has " + features.length + " values for " + featureNames.length + " features");
    }
    return new ArrayExample<>(LABELS.getUnknownOutput(), featureNames, features);
  }

  /**
   * Tribuo's weighted tree leaves accumulate float weights, so a leaf may give −2.9e−8 or 1 + 1e−9.
   * Values that close to a bound are rounding and are put on it; anything further out (or NaN) is
   * returned as it is, and the integrity gate rejects the model.
   */
  static final double ROUNDING = 1e-6;

  private static double positiveScore(Prediction<Label> prediction) {
    Label positive = prediction.getOutputScores().get(POSITIVE);
    double p = positive == null ? 0.0 : positive.getScore();
    if (p < 0 && p > -ROUNDING) {
      return 0.0;
    }
    if (p > 1 && p < 1 + ROUNDING) {
      return 1.0;
    }
    return p;
  }
}

package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.model.RiskModel;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Fits a {@link RiskModel} with a Tribuo trainer; the runtime module only loads and scores. */
final class ModelTraining {
  private static final LabelFactory LABELS = new LabelFactory();
  private static final String POSITIVE = RiskModel.POSITIVE;
  private static final String NEGATIVE = RiskModel.NEGATIVE;

  private ModelTraining() {}

  /**
   * Trains on the given rows; {@code positiveWeight} is the example weight of positives (class
   * weighting for rare positives), negatives weigh 1.
   */
  static RiskModel train(
      Trainer<Label> trainer,
      List<String> featureNames,
      double[][] x,
      int[] y,
      float positiveWeight,
      String datasetName)
      throws TrainingException {
    MutableDataset<Label> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance(datasetName, LABELS), LABELS);
    String[] names = featureNames.toArray(String[]::new);
    for (int i = 0; i < x.length; i++) {
      ArrayExample<Label> example =
          new ArrayExample<>(new Label(y[i] == 1 ? POSITIVE : NEGATIVE), names, x[i]);
      example.setWeight(y[i] == 1 ? positiveWeight : 1.0f);
      dataset.add(example);
    }
    if (dataset.getOutputInfo().size() < 2) {
      throw new TrainingException(
          "the training rows hold only one class ("
              + dataset.getOutputInfo().getDomain()
              + "): wait for more labels to mature or widen the snapshot");
    }
    try {
      return RiskModel.of(trainer.train(dataset), featureNames);
    } catch (RuntimeException e) {
      throw new TrainingException(
          "the " + trainer.getClass().getSimpleName() + " trainer failed: " + e.getMessage(), e);
    }
  }
}

// The datasets a training config names, loaded through the io readers into sim::train::Datasets (scaled, limited
// to the configured sample counts, a seeded test split when there is no test set), and the model spec completed
// with the data's input shape.
#pragma once

#include "reef/sim/train/dataset.hpp"
#include "reef/sim/train/model_spec.hpp"
#include "train_config.hpp"

namespace reef::cli {

struct TrainData {
  sim::train::Dataset train;  // empty when only the test set was asked for
  sim::train::Dataset test;   // empty when the config has neither a test set nor test_fraction
};

// `with_train` false loads only what evaluation needs (the training set too when the test set is split off it).
TrainData load_train_data(const TrainConfig& config, bool with_train);

// config.model with input_shape set to one encoded step of `data`.
sim::train::ModelSpec model_spec_for(const TrainConfig& config, const sim::train::Dataset& data);

}  // namespace reef::cli

// A parameter that is either one value shared by a whole population or one value per neuron.
#pragma once

#include <cstddef>
#include <vector>

namespace reef::core {

class PerNeuron {
 public:
  PerNeuron(double shared = 0.0) : values_{shared} {}  // NOLINT: a scalar is the common case
  explicit PerNeuron(std::vector<double> per_neuron) : values_(std::move(per_neuron)) {}

  double operator[](std::size_t neuron) const { return values_.size() == 1 ? values_[0] : values_[neuron]; }
  bool is_shared() const { return values_.size() == 1; }
  // 1 when shared, else the number of neurons it describes.
  std::size_t size() const { return values_.size(); }
  const std::vector<double>& values() const { return values_; }
  double min() const;
  double max() const;

 private:
  std::vector<double> values_;
};

}  // namespace reef::core

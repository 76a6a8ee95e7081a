// Linear layer y = W x (+ b) over all [batch][steps] rows at once, W input-major (in, out). Forward accumulates only
// the non-zero inputs of each row (spikes are sparse), in increasing input order and the bias last, exactly as the
// step engine's Affine does; the outputs are processed in cache-sized blocks.
#pragma once

#include "train_layer.hpp"
#include "vector_kernels.hpp"

namespace reef::sim::train {

// Non-zero entries of every row of a [rows][width] array (compressed rows, increasing column order).
template <class Real>
struct SparseRows {
  std::vector<std::size_t> offsets;  // rows + 1
  std::vector<std::uint32_t> column;
  std::vector<Real> value;
  void build(const Real* dense, std::size_t rows, std::size_t width, std::size_t threads);
};

template <class Real>
class DenseLayer : public TrainLayer<Real> {
 public:
  DenseLayer(std::size_t in_size, std::size_t out_size, const LayerParameters& own);
  void load(const std::vector<Parameter>& parameters) override;
  void forward(const Real* in, Real* out, const Pass& pass) override;
  void backward(const Real* in, const Real* out, const Real* g_out, Real* g_in, const Pass& pass,
                std::vector<Parameter>& parameters) override;

 private:
  LayerParameters own_;
  std::vector<Real> weight_, bias_;
  SparseRows<Real> rows_;
};

}  // namespace reef::sim::train

// Neuron layers (cuba_lif, lif, if, li) in the step engine's snntorch discretisation, optionally recurrent (an
// all-to-all projection of the previous step's spikes, plus its bias from the first step on), with a fused forward
// over time per sample and backpropagation through time with the layer's surrogate. Equations: docs/training.md.
#pragma once

#include "train_layer.hpp"

namespace reef::sim::train {

template <class Real>
class NeuronLayer : public TrainLayer<Real> {
 public:
  NeuronLayer(const LayerSpec& spec, std::size_t size, double dt_s, const LayerParameters& own);
  void load(const std::vector<Parameter>& parameters) override;
  void forward(const Real* in, Real* out, const Pass& pass) override;
  void backward(const Real* in, const Real* out, const Real* g_out, Real* g_in, const Pass& pass,
                std::vector<Parameter>& parameters) override;
  bool spiking() const override { return spiking_; }

 private:
  void forward_sample(const Real* in, Real* out, std::size_t b, const Pass& pass, std::vector<Real>& work);
  void backward_sample(const Real* out, const Real* g_out, Real* g_x, std::size_t b, const Pass& pass,
                       std::vector<Real>& work);
  bool bit(const std::vector<std::uint64_t>& bits, std::size_t row, std::size_t j) const {
    return (bits[row * words_ + j / 64] >> (j % 64)) & 1U;
  }
  // v after the fire-and-reset of flat row `row` (= b·steps + t), from the stored pre-reset v, spike and flag.
  Real v_after(std::size_t row, std::size_t j, const Real* out) const;

  LayerSpec spec_;
  double dt_s_;
  LayerParameters own_;
  bool spiking_, synapse_, subtract_, recurrent_;
  std::size_t words_;  // 64-bit words per row of bits
  std::vector<Real> alpha_, beta_, threshold_, rec_weight_, rec_bias_;
  std::vector<std::uint8_t> beta_in_range_;  // learned beta inside [0, 1]: its clamp passes the gradient

  // Kept by forward() for backward(): [batch][steps][size] pre-reset membrane and synaptic current, spikes and the
  // reset flags R as bits.
  std::vector<Real> v_pre_, syn_;
  std::vector<std::uint64_t> spike_bits_, flag_bits_;
  // Per-sample partial parameter gradients [batch][size], summed over samples in order.
  std::vector<Real> g_alpha_, g_beta_, g_threshold_;
};

}  // namespace reef::sim::train

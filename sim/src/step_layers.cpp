// Layer nodes of the step engine: lowering of their parameters and the per-step kernels.
#include "step_layers.hpp"

#include <algorithm>
#include <cmath>

#include "reef/core/error.hpp"

namespace reef::sim {

StepLayer::StepLayer(const core::Node& node, double dt_s) {
  in_size_ = core::element_count(core::input_shape(node));
  out_size_ = node.size;
  if (std::holds_alternative<core::InputParams>(node.params) ||
      std::holds_alternative<core::OutputParams>(node.params) ||
      std::holds_alternative<core::FlattenParams>(node.params)) {
    kind_ = Kind::copy;
    if (std::holds_alternative<core::InputParams>(node.params)) in_size_ = out_size_;
  } else if (const auto* affine = std::get_if<core::AffineParams>(&node.params)) {
    kind_ = Kind::affine;
    const std::size_t out = affine->weight.shape.at(0);
    const std::size_t in = affine->weight.shape.at(1);
    weight_.resize(in * out);
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < in; ++i) weight_[i * out + o] = affine->weight.values[o * in + i];
    bias_ = affine->bias;
  } else if (const auto* scale = std::get_if<core::ScaleParams>(&node.params)) {
    kind_ = Kind::scale;
    values_ = scale->scale;
  } else if (const auto* threshold = std::get_if<core::ThresholdParams>(&node.params)) {
    kind_ = Kind::threshold;
    values_ = threshold->threshold;
  } else if (const auto* delay = std::get_if<core::DelayParams>(&node.params)) {
    kind_ = Kind::delay;
    for (double d : delay->delay_s) {
      const double steps = std::round(d / dt_s);
      if (!(steps >= 0.0) || steps > 1e7)
        throw ValidationError("node '" + node.name + "': delay " + std::to_string(d) +
                              " is not a usable number of steps of dt = " + std::to_string(dt_s));
      delay_steps_.push_back(static_cast<std::size_t>(steps));
      ring_rows_ = std::max(ring_rows_, delay_steps_.back() + 1);
    }
  } else if (const auto* conv = std::get_if<core::ConvParams>(&node.params)) {
    kind_ = Kind::conv;
    const bool two_d = conv->spatial_dims() == 2;
    c_out_ = conv->weight.shape[0];
    c_in_ = conv->input_shape.at(0);
    h_ = two_d ? conv->input_shape.at(1) : 1;
    w_ = conv->input_shape.back();
    kh_ = two_d ? conv->weight.shape[2] : 1;
    kw_ = conv->weight.shape.back();
    sh_ = two_d ? conv->stride[0] : 1;
    sw_ = conv->stride.back();
    ph_ = two_d ? conv->padding[0] : 0;
    pw_ = conv->padding.back();
    dh_ = two_d ? conv->dilation[0] : 1;
    dw_ = conv->dilation.back();
    groups_ = conv->groups;
    oh_ = core::window_output_size(h_, kh_, sh_, ph_, dh_);
    ow_ = core::window_output_size(w_, kw_, sw_, pw_, dw_);
    weight_ = conv->weight.values;
    bias_ = conv->bias;
  } else if (const auto* pool = std::get_if<core::PoolParams>(&node.params)) {
    kind_ = Kind::pool;
    c_in_ = c_out_ = pool->input_shape.at(0);
    h_ = pool->input_shape.at(1);
    w_ = pool->input_shape.at(2);
    kh_ = pool->kernel[0];
    kw_ = pool->kernel[1];
    sh_ = pool->stride[0];
    sw_ = pool->stride[1];
    ph_ = pool->padding[0];
    pw_ = pool->padding[1];
    oh_ = core::window_output_size(h_, kh_, sh_, ph_, 1);
    ow_ = core::window_output_size(w_, kw_, sw_, pw_, 1);
    pool_scale_ = pool->kind == core::PoolKind::average ? 1.0 / static_cast<double>(kh_ * kw_) : 1.0;
  } else {
    throw ValidationError("node '" + node.name + "' (" + std::string(node.kind_name()) +
                          ") is not a layer the step engine runs");
  }
}

std::vector<double> StepLayer::zero_input_output() const {
  std::vector<double> out(out_size_, 0.0);
  if (kind_ == Kind::affine && !bias_.empty()) out = bias_;
  return out;
}

void StepLayer::start(std::size_t batch) {
  batch_ = batch;
  cursor_ = 0;
  if (kind_ == Kind::delay) ring_.assign(ring_rows_ * batch * in_size_, 0.0);
}

void StepLayer::apply(const double* x, double* y, std::size_t batch) {
  const std::size_t n = in_size_;
  switch (kind_) {
    case Kind::copy: std::copy_n(x, batch * n, y); return;
    case Kind::scale:
      for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t e = 0; e < n; ++e) y[b * n + e] = values_[e] * x[b * n + e];
      return;
    case Kind::threshold:
      for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t e = 0; e < n; ++e) y[b * n + e] = x[b * n + e] > values_[e] ? 1.0 : 0.0;
      return;
    case Kind::delay: {
      // Row `cursor_` receives x; element e reads the row written delay_e steps ago.
      std::copy_n(x, batch * n, ring_.data() + cursor_ * batch * n);
      for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t e = 0; e < n; ++e) {
          const std::size_t row = (cursor_ + ring_rows_ - delay_steps_[e]) % ring_rows_;
          y[b * n + e] = ring_[(row * batch + b) * n + e];
        }
      cursor_ = (cursor_ + 1) % ring_rows_;
      return;
    }
    case Kind::affine:
      for (std::size_t b = 0; b < batch; ++b) affine(x + b * in_size_, y + b * out_size_);
      return;
    case Kind::conv:
      for (std::size_t b = 0; b < batch; ++b) conv(x + b * in_size_, y + b * out_size_);
      return;
    case Kind::pool:
      for (std::size_t b = 0; b < batch; ++b) pool(x + b * in_size_, y + b * out_size_);
      return;
  }
}

void StepLayer::affine(const double* x, double* __restrict y) const {
  // Column by column in increasing input order: the same sums as a row-wise dot product, zero columns skipped.
  const std::size_t out = out_size_;
  std::fill_n(y, out, 0.0);
  for (std::size_t i = 0; i < in_size_; ++i) {
    const double xi = x[i];
    if (xi == 0.0) continue;
    const double* __restrict column = weight_.data() + i * out;
    for (std::size_t o = 0; o < out; ++o) y[o] += column[o] * xi;
  }
  if (!bias_.empty())
    for (std::size_t o = 0; o < out; ++o) y[o] += bias_[o];
}

void StepLayer::conv(const double* x, double* y) const {
  const std::size_t in_per_group = c_in_ / groups_;
  const std::size_t out_per_group = c_out_ / groups_;
  for (std::size_t co = 0; co < c_out_; ++co) {
    const std::size_t group = co / out_per_group;
    double* plane = y + co * oh_ * ow_;
    std::fill_n(plane, oh_ * ow_, bias_.empty() ? 0.0 : bias_[co]);
    for (std::size_t ci = 0; ci < in_per_group; ++ci) {
      const double* input = x + (group * in_per_group + ci) * h_ * w_;
      const double* kernel = weight_.data() + ((co * in_per_group + ci) * kh_) * kw_;
      for (std::size_t oy = 0; oy < oh_; ++oy) {
        for (std::size_t ky = 0; ky < kh_; ++ky) {
          const std::ptrdiff_t iy = static_cast<std::ptrdiff_t>(oy * sh_ + ky * dh_) - static_cast<std::ptrdiff_t>(ph_);
          if (iy < 0 || iy >= static_cast<std::ptrdiff_t>(h_)) continue;
          const double* row = input + static_cast<std::size_t>(iy) * w_;
          for (std::size_t kx = 0; kx < kw_; ++kx) {
            const double k = kernel[ky * kw_ + kx];
            for (std::size_t ox = 0; ox < ow_; ++ox) {
              const std::ptrdiff_t ix =
                  static_cast<std::ptrdiff_t>(ox * sw_ + kx * dw_) - static_cast<std::ptrdiff_t>(pw_);
              if (ix < 0 || ix >= static_cast<std::ptrdiff_t>(w_)) continue;
              plane[oy * ow_ + ox] += k * row[ix];
            }
          }
        }
      }
    }
  }
}

void StepLayer::pool(const double* x, double* y) const {
  for (std::size_t c = 0; c < c_in_; ++c) {
    const double* input = x + c * h_ * w_;
    for (std::size_t oy = 0; oy < oh_; ++oy)
      for (std::size_t ox = 0; ox < ow_; ++ox) {
        double sum = 0.0;
        for (std::size_t ky = 0; ky < kh_; ++ky) {
          const std::ptrdiff_t iy = static_cast<std::ptrdiff_t>(oy * sh_ + ky) - static_cast<std::ptrdiff_t>(ph_);
          if (iy < 0 || iy >= static_cast<std::ptrdiff_t>(h_)) continue;
          for (std::size_t kx = 0; kx < kw_; ++kx) {
            const std::ptrdiff_t ix = static_cast<std::ptrdiff_t>(ox * sw_ + kx) - static_cast<std::ptrdiff_t>(pw_);
            if (ix < 0 || ix >= static_cast<std::ptrdiff_t>(w_)) continue;
            sum += input[static_cast<std::size_t>(iy) * w_ + static_cast<std::size_t>(ix)];
          }
        }
        y[(c * oh_ + oy) * ow_ + ox] = sum * pool_scale_;
      }
  }
}

}  // namespace reef::sim

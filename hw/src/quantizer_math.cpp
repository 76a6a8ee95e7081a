// Rockpool's quantization arithmetic (global_quantize / channel_quantize, docs/quantization.md) on plain arrays,
// without its upstream bugs: every value is clipped to its register and counted, never wrapped; biases always take
// their neuron's scale; a threshold overflow rescales only the group (or neuron) that overflows.
#include "quantizer_math.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>

namespace reef::hw {

double round_half_even(double value) {
  const double floor = std::floor(value);
  const double fraction = value - floor;
  if (fraction < 0.5) return floor;
  if (fraction > 0.5) return floor + 1.0;
  return std::fmod(floor, 2.0) == 0.0 ? floor : floor + 1.0;
}

int dash_from_tau(double tau_s, double dt_s) {
  const double dash = round_half_even(std::log2(tau_s / dt_s));
  if (std::isnan(dash)) return INT_MIN;
  return static_cast<int>(std::clamp(dash, -1.0e6, 1.0e6));
}

double tau_from_dash(int dash, double dt_s) { return -dt_s / std::log1p(-std::exp2(-static_cast<double>(dash))); }

namespace detail {
namespace {

// Running statistics of one report row.
struct ErrorStats {
  QuantLayerReport report;
  double squared = 0.0;
  bool any_scale = false;

  void add(double original, double quantized, double scale, bool clipped) {
    if (!any_scale) {
      report.scale_min = report.scale_max = scale;
      any_scale = true;
    }
    report.scale_min = std::min(report.scale_min, scale);
    report.scale_max = std::max(report.scale_max, scale);
    const double error = std::abs(quantized / scale - original);
    report.max_abs_error = std::max(report.max_abs_error, error);
    squared += error * error;
    ++report.values;
    if (clipped) ++report.clipped;
  }
  QuantLayerReport finish() {
    report.rms_error = report.values == 0 ? 0.0 : std::sqrt(squared / static_cast<double>(report.values));
    return report;
  }
};

double max_abs(const std::vector<double>& values) {
  double m = 0.0;
  for (const double v : values) m = std::max(m, std::abs(v));
  return m;
}

// Max |w| over the incoming weights of neuron j (all weight nodes into the layer).
double max_abs_incoming(const LayerValues& layer, std::size_t j) {
  double m = 0.0;
  for (const WeightValues& w : layer.inputs) {
    for (std::size_t c = 0; c < w.cols; ++c) m = std::max(m, std::abs(w.values[j * w.cols + c]));
  }
  return m;
}

double threshold_limit(const ChipSpec& chip) { return static_cast<double>(chip.threshold.max); }

// The scale of every neuron of the group under `rule`, threshold overflow already handled (notes say where).
std::vector<std::vector<double>> choose_scales(const std::vector<LayerValues>& layers, const ChipSpec& chip,
                                               ScaleRule rule, const std::string& group_name,
                                               std::vector<std::string>& notes) {
  const double w_limit = weight_limit(chip);
  const double th_limit = threshold_limit(chip);
  std::vector<std::vector<double>> scales;
  if (rule == ScaleRule::global) {
    double m = 0.0;
    double max_threshold = 0.0;
    for (const LayerValues& layer : layers) {
      for (std::size_t j = 0; j < layer.size(); ++j) m = std::max(m, max_abs_incoming(layer, j));
      m = std::max(m, max_abs(layer.bias));
      max_threshold = std::max(max_threshold, max_abs(layer.threshold));
    }
    double scale = m == 0.0 ? 1.0 : w_limit / m;
    if (round_half_even(max_threshold * scale) > th_limit) {
      const double reduced = th_limit / max_threshold;
      notes.push_back("threshold overflow: " + group_name + " scale " + format_number(scale) + " reduced to " +
                      format_number(reduced) + " so that the largest threshold fits " + format_number(th_limit));
      scale = reduced;
    }
    for (const LayerValues& layer : layers) scales.emplace_back(layer.size(), scale);
    return scales;
  }
  for (const LayerValues& layer : layers) {
    std::vector<double>& s = scales.emplace_back(layer.size(), 1.0);
    if (rule == ScaleRule::unit) continue;
    std::size_t overflowed = 0;
    for (std::size_t j = 0; j < layer.size(); ++j) {
      double m = max_abs_incoming(layer, j);
      if (m == 0.0) m = std::abs(layer.bias[j]);
      s[j] = m == 0.0 ? 1.0 : w_limit / m;
      if (round_half_even(std::abs(layer.threshold[j]) * s[j]) > th_limit) {
        s[j] = th_limit / std::abs(layer.threshold[j]);
        ++overflowed;
      }
    }
    if (overflowed > 0) {
      notes.push_back("threshold overflow: " + std::to_string(overflowed) + " neuron(s) of " + layer.node +
                      " scaled down so that their thresholds fit " + format_number(th_limit));
    }
  }
  return scales;
}

// round(x·s) clipped into `range`; `clipped` says whether it did not fit.
double quantize_value(double x, double scale, const IntRange& range, bool& clipped) {
  const double q = round_half_even(x * scale);
  const double fitted = std::clamp(q, static_cast<double>(range.min), static_cast<double>(range.max));
  clipped = fitted != q;
  return fitted;
}

}  // namespace

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

double weight_limit(const ChipSpec& chip) {
  return static_cast<double>(std::min(chip.weight.max, -chip.weight.min));
}

GroupQuantization quantize_group(const std::vector<LayerValues>& layers, const ChipSpec& chip, ScaleRule rule,
                                 const std::string& group_name) {
  GroupQuantization out;
  out.scales = choose_scales(layers, chip, rule, group_name, out.notes);
  out.layers = layers;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const LayerValues& in = layers[l];
    LayerValues& q = out.layers[l];
    const std::vector<double>& s = out.scales[l];
    for (std::size_t w = 0; w < in.inputs.size(); ++w) {
      ErrorStats stats{{.node = in.inputs[w].node, .quantity = "weights"}};
      const std::size_t cols = in.inputs[w].cols;
      for (std::size_t j = 0; j < in.size(); ++j) {
        for (std::size_t c = 0; c < cols; ++c) {
          const double x = in.inputs[w].values[j * cols + c];
          bool clipped = false;
          q.inputs[w].values[j * cols + c] = quantize_value(x, s[j], chip.weight, clipped);
          stats.add(x, q.inputs[w].values[j * cols + c], s[j], clipped);
        }
      }
      out.reports.push_back(stats.finish());
    }
    ErrorStats threshold{{.node = in.node, .quantity = "threshold"}};
    ErrorStats bias{{.node = in.node, .quantity = "bias"}};
    std::size_t raised = 0;
    for (std::size_t j = 0; j < in.size(); ++j) {
      bool clipped = false;
      q.threshold[j] = quantize_value(in.threshold[j], s[j], chip.threshold, clipped);
      if (in.threshold[j] > 0.0 && q.threshold[j] < 1.0) {
        q.threshold[j] = 1.0;
        clipped = true;
        ++raised;
      }
      threshold.add(in.threshold[j], q.threshold[j], s[j], clipped);
      q.bias[j] = quantize_value(in.bias[j], s[j], chip.bias, clipped);
      bias.add(in.bias[j], q.bias[j], s[j], clipped);
    }
    if (raised > 0) {
      out.notes.push_back(std::to_string(raised) + " positive threshold(s) of " + in.node +
                          " rounded to 0 and were raised to 1 (a threshold of 0 fires at every step)");
    }
    out.reports.push_back(threshold.finish());
    out.reports.push_back(bias.finish());
  }
  for (const QuantLayerReport& r : out.reports) {
    if (r.clipped > 0) {
      out.notes.push_back(std::to_string(r.clipped) + " " + r.quantity + " value(s) of " + r.node +
                          " did not fit the chip's register and were clipped");
    }
  }
  return out;
}

bool is_chip_integer(const std::vector<LayerValues>& layers, const ChipSpec& chip) {
  const auto fits = [](const std::vector<double>& values, const IntRange& range) {
    return std::all_of(values.begin(), values.end(), [&](double v) {
      return v == std::floor(v) && v >= static_cast<double>(range.min) && v <= static_cast<double>(range.max);
    });
  };
  return std::all_of(layers.begin(), layers.end(), [&](const LayerValues& layer) {
    return fits(layer.threshold, chip.threshold) && fits(layer.bias, chip.bias) &&
           std::all_of(layer.inputs.begin(), layer.inputs.end(),
                       [&](const WeightValues& w) { return fits(w.values, chip.weight); });
  });
}

}  // namespace detail
}  // namespace reef::hw

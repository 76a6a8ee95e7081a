// guess_nir_convention: which exporter convention a NIR file's neuron parameters follow (nir.md §5.7):
//   r = tau/dt (and w_in = tau_syn/dt)  snnTorch-style, dt = tau/r
//   r = tau e^(-dt/tau)/dt              Rockpool-style, dt solved per neuron
//   r = 1, tau < 1                      Norse-style, tau in seconds, dt not recoverable
//   r = 1, tau >= 1 (or only IF)        Sinabs-style, tau in steps, dt = 1 step
// A candidate counts only when every leaky neuron gives the same dt; a round dt (1e-4, 5e-4...) breaks ties.
#include <cmath>
#include <sstream>

#include "reef/io/nir.hpp"

namespace reef::io {
namespace {

constexpr double kRelativeTolerance = 1e-5;  // float32 parameters: ~1e-7 relative error per value

struct Sample {
  double tau;
  double r;
  std::optional<double> tau_syn;
  std::optional<double> w_in;
};

bool close(double a, double b) { return std::abs(a - b) <= kRelativeTolerance * std::max(std::abs(a), std::abs(b)); }

bool round_number(double dt) {
  const double mantissa = dt / std::pow(10.0, std::floor(std::log10(dt)));
  return std::abs(mantissa - std::round(mantissa)) < 1e-4 * mantissa ||
         std::abs(2.0 * mantissa - std::round(2.0 * mantissa)) < 2e-4 * mantissa;
}

// dt with r = tau e^(-dt/tau)/dt (Newton from Rockpool's own first guess tau/(r+1)); empty when it does not converge.
std::optional<double> rockpool_dt(double tau, double r) {
  if (tau <= 0.0 || r <= 0.0) return std::nullopt;
  double dt = tau / (r + 1.0);
  for (int i = 0; i < 50; ++i) {
    const double f = tau * std::exp(-dt / tau) - r * dt;
    const double df = -std::exp(-dt / tau) - r;
    const double next = dt - f / df;
    if (!(next > 0.0)) return std::nullopt;
    if (std::abs(next - dt) < 1e-15 * dt) return next;
    dt = next;
  }
  return dt;
}

// The one dt every sample agrees on under `dt_of`, or empty.
template <typename F>
std::optional<double> common_dt(const std::vector<Sample>& samples, F dt_of) {
  std::optional<double> dt;
  for (const Sample& s : samples) {
    const std::optional<double> d = dt_of(s);
    if (!d || !(*d > 0.0) || (dt && !close(*dt, *d))) return std::nullopt;
    if (!dt) dt = d;
  }
  return dt;
}

std::string format(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

NirConvention guess_nir_convention(const NirModel& model) {
  if (model.metadata.profile)
    return {*model.metadata.profile, model.metadata.dt_s, 1.0, "stated in the file's metadata (written by reef)"};
  std::vector<Sample> samples;
  std::size_t if_neurons = 0;
  bool if_r_one = true;
  for (const core::Node& node : model.graph.nodes()) {
    if (!node.is_population()) continue;
    const core::NeuronParams& n = node.neurons();
    for (std::size_t i = 0; i < node.size; ++i) {
      if (!n.has_leak()) {
        ++if_neurons;
        if_r_one = if_r_one && n.r[i] == 1.0;
        continue;
      }
      Sample s{n.tau_mem_s[i], n.r[i], std::nullopt, std::nullopt};
      if (!n.synapses.empty()) {
        s.tau_syn = n.synapses[0].tau_s[i];
        s.w_in = n.synapses[0].w_in[i];
      }
      samples.push_back(s);
    }
  }
  if (samples.empty()) {
    if (if_neurons > 0 && if_r_one)
      return {"sinabs", std::nullopt, 0.3,
              "only IF neurons with r = 1 (Sinabs' IAF export; Norse's IAFCell writes the same), so dt does not "
              "enter their dynamics"};
    return {"unknown", std::nullopt, 0.0, "no leaky neurons to infer a time step from"};
  }
  const std::string count = std::to_string(samples.size()) + " leaky neurons";
  bool r_one = true;
  double max_tau = 0.0;
  for (const Sample& s : samples) {
    r_one = r_one && s.r == 1.0;
    max_tau = std::max(max_tau, s.tau);
  }
  if (r_one) {
    if (max_tau >= 1.0)
      return {"sinabs", 1.0, 0.7, "r = 1 with tau up to " + format(max_tau) + " for " + count +
                                      ": tau in time steps (Sinabs-style), dt = 1 step"};
    return {
        "norse", std::nullopt, 0.6,
        "r = 1 with tau in seconds (max " + format(max_tau) + ") for " + count +
            ": Norse-style forward Euler; dt is not in the file (the NIR paper used 1e-4 s, Norse defaults to 1e-3 s)"};
  }
  bool distinct = false;
  for (const Sample& s : samples) distinct = distinct || !close(s.tau, samples[0].tau) || !close(s.r, samples[0].r);
  const auto snntorch = common_dt(samples, [](const Sample& s) -> std::optional<double> {
    if (s.w_in && !close(*s.tau_syn / *s.w_in, s.tau / s.r)) return std::nullopt;
    return s.tau / s.r;
  });
  const auto rockpool = common_dt(samples, [](const Sample& s) { return rockpool_dt(s.tau, s.r); });
  const auto confidence = [&](double dt) { return round_number(dt) ? (distinct ? 0.95 : 0.8) : 0.5; };
  const bool prefer_rockpool = rockpool && (!snntorch || (round_number(*rockpool) && !round_number(*snntorch)));
  if (snntorch && !prefer_rockpool)
    return {"snntorch", *snntorch, confidence(*snntorch),
            "r = tau/dt" + std::string(samples[0].w_in ? " and w_in = tau_syn/dt" : "") + " with dt = " +
                format(*snntorch) + " s for " + count + " (snnTorch-style export)"};
  if (rockpool)
    return {"rockpool", *rockpool, confidence(*rockpool),
            "r = tau e^(-dt/tau)/dt with dt = " + format(*rockpool) + " s for " + count + " (Rockpool-style export)"};
  return {"unknown", std::nullopt, 0.0,
          "r and tau of the " + count + " fit no known exporter convention (r = tau/dt, r = tau e^(-dt/tau)/dt or "
          "r = 1); give the profile and dt explicitly"};
}

}  // namespace reef::io

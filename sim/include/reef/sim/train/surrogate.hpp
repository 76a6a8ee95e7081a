// Surrogate gradients: the spike is a Heaviside step H(x) of x = v − v_th in the forward pass, and its derivative is
// replaced by a smooth pseudo-derivative h(x) in the backward pass. Each surrogate also has a smooth primitive
// (h is its exact derivative) that gradient checks use as a stand-in spike (Model's smooth_spikes option).
#pragma once

#include <optional>
#include <string_view>

namespace reef::sim::train {

enum class SurrogateKind {
  fast_sigmoid,  // SuperSpike / snnTorch fast_sigmoid: h = 1 / (1 + k|x|)², parameter k (slope, default 25)
  arctan,        // snnTorch atan: h = (a/2) / (1 + (π/2 · a · x)²), parameter a (default 2)
  triangle,      // Esser / Bellec / Norse triangle: h = g · max(0, 1 − |x|), parameter g (peak, default 0.3)
  boxcar,        // symmetric StepPWL window: h = 1/w for |x| < w/2, else 0, parameter w (width, default 1)
  exponential,   // Shrestha & Orchard / Sinabs SingleExponential: h = exp(−|x|/w) / (2w), parameter w (default 0.5)
};

std::string_view to_string(SurrogateKind kind);
// "fast_sigmoid" (or "superspike"), "arctan" (or "atan"), "triangle", "boxcar" (or "step_pwl"), "exponential".
std::optional<SurrogateKind> parse_surrogate_kind(std::string_view text);
double default_surrogate_parameter(SurrogateKind kind);

struct Surrogate {
  SurrogateKind kind = SurrogateKind::fast_sigmoid;
  double parameter = 25.0;  // > 0; meaning per kind (see SurrogateKind)

  // h(x): the pseudo-derivative of the spike at x = v − v_th.
  double derivative(double x) const;
  // A non-decreasing function whose derivative is h (continuously differentiable except at boxcar's and triangle's
  // corners); the spike of smooth_spikes models, for gradient checks.
  double primitive(double x) const;
};

// Throws ValidationError saying which surrogate parameter is not positive and finite; `where` names the layer.
void validate(const Surrogate& surrogate, std::string_view where);

}  // namespace reef::sim::train

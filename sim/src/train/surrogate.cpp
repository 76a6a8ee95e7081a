// Surrogate pseudo-derivatives and their smooth primitives (see surrogate.hpp for the formulas and their sources).
#include "reef/sim/train/surrogate.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "reef/core/error.hpp"

namespace reef::sim::train {

std::string_view to_string(SurrogateKind kind) {
  switch (kind) {
    case SurrogateKind::fast_sigmoid: return "fast_sigmoid";
    case SurrogateKind::arctan: return "arctan";
    case SurrogateKind::triangle: return "triangle";
    case SurrogateKind::boxcar: return "boxcar";
    case SurrogateKind::exponential: return "exponential";
  }
  return "?";
}

std::optional<SurrogateKind> parse_surrogate_kind(std::string_view text) {
  if (text == "fast_sigmoid" || text == "superspike") return SurrogateKind::fast_sigmoid;
  if (text == "arctan" || text == "atan") return SurrogateKind::arctan;
  if (text == "triangle") return SurrogateKind::triangle;
  if (text == "boxcar" || text == "step_pwl") return SurrogateKind::boxcar;
  if (text == "exponential") return SurrogateKind::exponential;
  return std::nullopt;
}

double default_surrogate_parameter(SurrogateKind kind) {
  switch (kind) {
    case SurrogateKind::fast_sigmoid: return 25.0;
    case SurrogateKind::arctan: return 2.0;
    case SurrogateKind::triangle: return 0.3;
    case SurrogateKind::boxcar: return 1.0;
    case SurrogateKind::exponential: return 0.5;
  }
  return 1.0;
}

double Surrogate::derivative(double x) const {
  const double p = parameter;
  switch (kind) {
    case SurrogateKind::fast_sigmoid: {
      const double d = 1.0 + p * std::abs(x);
      return 1.0 / (d * d);
    }
    case SurrogateKind::arctan: {
      const double u = std::numbers::pi / 2.0 * p * x;
      return p / 2.0 / (1.0 + u * u);
    }
    case SurrogateKind::triangle: return p * std::max(0.0, 1.0 - std::abs(x));
    case SurrogateKind::boxcar: return std::abs(x) < p / 2.0 ? 1.0 / p : 0.0;
    case SurrogateKind::exponential: return std::exp(-std::abs(x) / p) / (2.0 * p);
  }
  return 0.0;
}

double Surrogate::primitive(double x) const {
  const double p = parameter;
  switch (kind) {
    case SurrogateKind::fast_sigmoid: return x / (1.0 + p * std::abs(x));  // shifted so that it is 0 at x = 0
    case SurrogateKind::arctan: return 0.5 + std::atan(std::numbers::pi / 2.0 * p * x) / std::numbers::pi;
    case SurrogateKind::triangle: {
      const double c = std::clamp(x, -1.0, 1.0);
      return p * (c + 1.0 - c * std::abs(c) / 2.0 - 0.5);
    }
    case SurrogateKind::boxcar: return std::clamp(x / p + 0.5, 0.0, 1.0);
    case SurrogateKind::exponential: {
      const double e = 0.5 * std::exp(-std::abs(x) / p);
      return x < 0.0 ? e : 1.0 - e;
    }
  }
  return 0.0;
}

void validate(const Surrogate& surrogate, std::string_view where) {
  if (!(surrogate.parameter > 0.0) || !std::isfinite(surrogate.parameter))
    throw ValidationError(std::string(where) + ": surrogate " + std::string(to_string(surrogate.kind)) +
                          " needs a positive finite parameter, got " + std::to_string(surrogate.parameter));
}

}  // namespace reef::sim::train

// Vector kernels of the training layers, cloned for AVX2 and the baseline x86-64 instruction set. The file is
// compiled with -ffp-contract=off (sim/CMakeLists.txt), so no clone contracts a multiply and an add into one FMA.
// The panel kernels keep their 64 floats in eight 8-wide registers (GCC vector extensions: two SSE registers each
// on the baseline), so a panel is loaded or stored once per call, not once per term.
#include "vector_kernels.hpp"

#include <cstring>

namespace reef::sim::train {

namespace {

using Float8 = float __attribute__((vector_size(32)));
constexpr std::size_t kLanes = 8;
static_assert(kPanel == 8 * kLanes);

template <class Real>
[[gnu::always_inline]] inline void add_scaled_loop(Real* __restrict y, const Real* __restrict w, Real x,
                                                   std::size_t n) {
  for (std::size_t o = 0; o < n; ++o) y[o] += w[o] * x;
}

template <class Real>
[[gnu::always_inline]] inline Real dot_loop(const Real* __restrict a, const Real* __restrict b, std::size_t n) {
  Real part[8] = {};
  std::size_t o = 0;
  for (; o + 8 <= n; o += 8)
    for (std::size_t k = 0; k < 8; ++k) part[k] += a[o + k] * b[o + k];
  for (; o < n; ++o) part[o % 8] += a[o] * b[o];
  return ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
}

}  // namespace

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define REEF_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define REEF_VECTOR_CLONES
#endif

REEF_VECTOR_CLONES void add_scaled(float* __restrict y, const float* __restrict w, float x, std::size_t n) {
  add_scaled_loop(y, w, x, n);
}
REEF_VECTOR_CLONES void add_scaled(double* __restrict y, const double* __restrict w, double x, std::size_t n) {
  add_scaled_loop(y, w, x, n);
}
REEF_VECTOR_CLONES float dot(const float* __restrict a, const float* __restrict b, std::size_t n) {
  return dot_loop(a, b, n);
}
REEF_VECTOR_CLONES double dot(const double* __restrict a, const double* __restrict b, std::size_t n) {
  return dot_loop(a, b, n);
}

REEF_VECTOR_CLONES void gather_panel(float* __restrict y, const float* __restrict w, std::size_t stride,
                                     const std::uint32_t* column, const float* value, std::size_t count) {
  Float8 sum[8] = {};
  for (std::size_t k = 0; k < count; ++k) {
    const float* row = w + column[k] * stride;
    const float x = value[k];
#pragma GCC unroll 8
    for (std::size_t j = 0; j < 8; ++j) {
      Float8 weights;
      std::memcpy(&weights, row + j * kLanes, sizeof weights);
      sum[j] += weights * x;
    }
  }
  std::memcpy(y, sum, sizeof sum);
}

REEF_VECTOR_CLONES void scatter_panel(float* __restrict w, std::size_t stride, const std::uint32_t* column,
                                      const float* value, std::size_t count, const float* __restrict g) {
  Float8 gradient[8];
  std::memcpy(gradient, g, sizeof gradient);
  for (std::size_t k = 0; k < count; ++k) {
    float* row = w + column[k] * stride;
    const float x = value[k];
#pragma GCC unroll 8
    for (std::size_t j = 0; j < 8; ++j) {
      Float8 weights;
      std::memcpy(&weights, row + j * kLanes, sizeof weights);
      weights += gradient[j] * x;
      std::memcpy(row + j * kLanes, &weights, sizeof weights);
    }
  }
}

}  // namespace reef::sim::train

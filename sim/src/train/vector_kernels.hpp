// The inner loops of the training layers: y += x · w over a row, the dot product of two rows summed in a fixed order
// (eight interleaved partial sums), and the two 64-wide panel kernels of the linear layer. Each is compiled for AVX2
// and for the baseline instruction set and picked at load time; none uses fused multiply-add and each adds in the
// same order in both versions, so every machine gets bit-identical results.
#pragma once

#include <cstddef>
#include <cstdint>

namespace reef::sim::train {

void add_scaled(float* __restrict y, const float* __restrict w, float x, std::size_t n);
void add_scaled(double* __restrict y, const double* __restrict w, double x, std::size_t n);
float dot(const float* __restrict a, const float* __restrict b, std::size_t n);
double dot(const double* __restrict a, const double* __restrict b, std::size_t n);

inline constexpr std::size_t kPanel = 64;  // outputs per panel kernel call

// y[0, 64) = Σ_k value[k] · w[column[k] · stride + (0, 64)], summed in k order (no terms: zeros).
void gather_panel(float* __restrict y, const float* __restrict w, std::size_t stride, const std::uint32_t* column,
                  const float* value, std::size_t count);
// w[column[k] · stride + (0, 64)] += value[k] · g[0, 64) for each k in order.
void scatter_panel(float* __restrict w, std::size_t stride, const std::uint32_t* column, const float* value,
                   std::size_t count, const float* __restrict g);

}  // namespace reef::sim::train

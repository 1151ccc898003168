// Error bars of the suite's statistical comparisons (simulation or Monte-Carlo against a theory).
//
// Contract: `error_bar(n)` is the two-sided Student-t quantile with n - 1 degrees of freedom at the
// per-comparison false-alarm level kPerComparisonAlarm = 1e-7 (Boost.Math students_t), so that
//   |mean of n independent runs - exact value| <= error_bar(n) * (sample sd / sqrt(n)) + bias
// fails with probability <= 1e-7 when the runs are Gaussian and `bias` bounds the systematic
// difference (finite d, quadrature); `normal_error_bar()` is the normal quantile at the same level,
// for Monte-Carlo means over so many samples (>= 1000) that the t and normal quantiles agree to
// 0.7 %. Every such comparison goes through `within_error_bar`, which counts it; tests/test_main.cpp
// fails a suite that makes more than kComparisonsPerSuite = 500 of them. With at most 20 suites
// (17 today: 16 doctest suites and pytest), Bonferroni bounds the family-wise false-alarm rate
// of a whole run by 20 * 500 * 1e-7 = 1e-3 (tests/README.md, "Statistics").
#pragma once

#include <doctest/doctest.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <atomic>
#include <cmath>

namespace summit::test {

inline constexpr double kPerComparisonAlarm = 1e-7;
inline constexpr long kComparisonsPerSuite = 500;
inline constexpr int kMaxSuites = 20;
static_assert(kMaxSuites * kComparisonsPerSuite * kPerComparisonAlarm <= 1e-3 + 1e-15);

// Number of comparisons made through within_error_bar in this test executable.
inline std::atomic<long>& statistical_comparisons() {
  static std::atomic<long> count{0};
  return count;
}

// Two-sided Student-t quantile for the mean of n >= 2 independent runs (n - 1 degrees of freedom).
inline double error_bar(int n) {
  REQUIRE(n >= 2);
  const boost::math::students_t t(n - 1);
  return boost::math::quantile(boost::math::complement(t, kPerComparisonAlarm / 2));
}

// Two-sided normal quantile at the same level (5.33), for Monte-Carlo means of >= 1000 samples.
inline double normal_error_bar() {
  static const double z =
      boost::math::quantile(boost::math::complement(boost::math::normal(), kPerComparisonAlarm / 2));
  return z;
}

// One counted comparison: |estimate - expected| <= quantile * standard_error + bias.
inline bool within_error_bar(double estimate, double expected, double standard_error, double quantile,
                             double bias = 0) {
  ++statistical_comparisons();
  return std::abs(estimate - expected) <= quantile * standard_error + bias;
}

}  // namespace summit::test

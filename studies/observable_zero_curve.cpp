#include "studies/observable_zero_curve.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace summit::studies {

LevelCurve observable_zero_curve(const ModelFactory2& make2, const Vec& x, const std::string& observable,
                                 double p2, const LevelCurveOptions& o) {
  const std::vector<std::string> names = make2(o.p1_lo, p2)->observable_names();
  const auto at = std::find(names.begin(), names.end(), observable);
  if (at == names.end()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw std::invalid_argument("--curve zero needs --observable NAME, one of the model's observables" +
                                (list.empty() ? std::string(" (it has none)") : ": " + list) +
                                (observable.empty() ? std::string() : "; got '" + observable + "'"));
  }
  const int index = static_cast<int>(at - names.begin());
  const ScalarField2 g = [&make2, &x, index](double a, double b, std::string* why) -> double {
    const auto m = make2(a, b);
    std::string r;
    if (!m->realisable(x, &r)) {
      if (why) *why = "the state is not realisable: " + r;
      return NAN;
    }
    return m->observables(x)[index];
  };
  return trace_level_curve(g, p2, o);
}

}  // namespace summit::studies

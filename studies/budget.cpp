#include "studies/budget.hpp"

#include "studies/number_text.hpp"

#include <unistd.h>

#include <stdexcept>
#include <string>

namespace summit::studies {

namespace {

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 4e9;
}

std::string bytes_text(double b) {
  if (b >= 1e9) return num(b / 1e9, 3) + " GB";
  if (b >= 1e6) return num(b / 1e6, 3) + " MB";
  return num(b / 1e3, 3) + " kB";
}

}  // namespace

void check_rows_budget(const Model& m, bool explicit_times, int points) {
  const double mem = physical_memory_bytes();
  const double rows = explicit_times ? 1.0 : points;
  const double cells = rows * static_cast<double>(m.dim() + m.observable_names().size() + 2);
  const double need = 100.0 * cells;
  if (need > 0.25 * mem)
    throw std::invalid_argument("--points " + std::to_string(points) + ": the output would need about " +
                                bytes_text(need) + ", more than a quarter of this machine's " + bytes_text(mem));
}

void check_simulation_budget(const Model& m, int d, int seeds) {
  const double mem = physical_memory_bytes();
  const double need = 8.0 * static_cast<double>(d) * static_cast<double>(m.dim() + 1) * seeds;
  if (need > 0.5 * mem)
    throw std::invalid_argument("--d " + std::to_string(d) + ": a simulation with " + std::to_string(seeds) +
                                " seeds needs about " + bytes_text(need) + " (8 bytes x d x " +
                                std::to_string(m.dim() + 1) + " x seeds), more than half of this machine's " +
                                bytes_text(mem) + "; lower --d or --seeds");
}

}  // namespace summit::studies

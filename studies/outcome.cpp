#include "studies/outcome.hpp"

namespace summit::studies {

Outcome failure(Status status, const std::string& what, const std::string& detail) {
  if (status == Status::Ok) return {};
  if (status == Status::InvalidInput) return {status, what + ": " + detail};
  std::string text = what + " failed (" + to_string(status) + "): " + detail;
  if (status == Status::MaxSteps && what.rfind("integration", 0) == 0)
    text += "; raise --max-steps, or for a stiff tail use --method rosenbrock4";
  return {status, text};
}

}  // namespace summit::studies

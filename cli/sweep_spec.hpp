// The spec of `summit sweep` (docs/sweeps.md): its JSON read and checked field by field, the grid
// of points it spans and the chains along a continue axis.
//
// Contract: parse_spec throws std::invalid_argument "sweep spec 'FILE': field 'PATH': what is
// wrong" for the first malformed field, before any work; a point's index runs over the axes in
// their order (the last fastest); a chain is the points that differ only along the continue axis,
// in order along it (every point is a chain of one without such an axis).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace summit::cli::sweeps {

using json = nlohmann::json;

// Bumped whenever the meaning of a result record changes; part of every content hash.
inline constexpr int kFormatVersion = 1;
inline constexpr const char* kFormat = "summit-sweep/1";

// Options a spec may not set: the sweep owns the output, parameters and state go in their fields.
inline const std::set<std::string> kReservedOptions = {"set", "at", "config", "state", "format",
                                                       "out", "columns", "plot"};

struct Axis {
  std::string kind;  // "param", "at" or "option"
  std::string name;
  std::vector<json> values;
  std::string scale = "list";  // list, linear or log (for plots)
};

struct Dim {  // one axis, or a zip of axes moving together
  std::vector<Axis> axes;
  size_t size = 0;
  bool cont = false;
};

struct Recorded {
  std::string name, path;
  std::vector<std::string> parts;
};

struct Spec {
  std::string file;
  json raw;
  std::string model, command;
  std::vector<std::string> plugins;  // "plugins", relative to the spec resolved (loaded by parse_spec)
  std::map<std::string, std::string> params, at;
  json options = json::object();
  std::vector<Dim> dims;
  std::vector<Recorded> records;
  std::string warm_start;
  std::uint64_t seed = 0;
  std::string output;
  bool keep_results = true;
  int cont_dim = -1;
  bool model_seed = false;  // the model has a `seed` parameter the spec leaves to the sweep
  size_t total = 1;
  std::string hash;
};


std::uint64_t fnv1a(const std::string& s);
std::string hex(std::uint64_t h);
std::string value_text(const json& v);
std::string shell_quote(const std::string& s);
// "a.b.-1.#" -> {"a", "b", "-1", "#"} (dots inside brackets are kept).
std::vector<std::string> split_path(const std::string& p);

Spec parse_spec(const json& raw, const std::string& file);
Spec parse_spec(const std::string& file);

std::vector<size_t> coords_of(const Spec& s, size_t index);
size_t index_of(const Spec& s, const std::vector<size_t>& c);
std::vector<std::vector<size_t>> make_chains(const Spec& s);

}  // namespace summit::cli::sweeps

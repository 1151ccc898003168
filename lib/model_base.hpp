// ModelBase: the bookkeeping every built-in model shares, so a model class holds only its
// mathematics. It implements Model's name(), params() and layout() from a registry name, the
// validated parameters and a Layout given to the constructor or filled by the derived constructor
// (layout_.add_vector(...)).
//
// Contract: name() is the registry name the model was built under; params() are the values it was
// built from (for provenance); layout_ is complete when the derived constructor returns and is not
// changed afterwards. Use as the base of JetModel: `class Saxe : public JetModel<Saxe, ModelBase>`,
// constructed as `JetModel("saxe", pv)`.
#pragma once

#include "lib/model.hpp"
#include "lib/params.hpp"
#include "lib/state/layout.hpp"

#include <string>
#include <utility>

namespace summit {

class ModelBase : public Model {
 public:
  ModelBase(std::string name, ParamValues params, Layout layout = {})
      : layout_(std::move(layout)), name_(std::move(name)), pv_(std::move(params)) {}

  std::string name() const final { return name_; }
  const ParamValues& params() const final { return pv_; }
  const Layout& layout() const final { return layout_; }

 protected:
  Layout layout_;

 private:
  std::string name_;
  ParamValues pv_;
};

}  // namespace summit

#include "solvers/equivariant_branching.hpp"

#include "solvers/fixed_subspace_model.hpp"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <memory>

namespace summit {

namespace {

// Orthonormal basis (columns) of the null space of A: right singular vectors of the singular
// values <= tol (1 + sigma_max).
Mat null_space(const Mat& A, double tol) {
  if (A.cols() == 0) return Mat(A.rows(), 0);
  const Eigen::JacobiSVD<Mat> svd(A, Eigen::ComputeFullV);
  const Vec s = svd.singularValues();
  const double smax = s.size() ? s[0] : 0.0;
  int rank = 0;
  for (Eigen::Index i = 0; i < s.size(); ++i) rank += s[i] > tol * (1 + smax);
  return svd.matrixV().rightCols(A.cols() - rank);
}

// The accepted point of `b` just before the special point at (p, x) in arclength order: the
// first segment [k, k+1] whose parameter interval contains p, nearest in state.
int point_before(const ContinuedBranch& b, double p, const Vec& x) {
  int best = -1;
  double dist = INFINITY;
  for (size_t k = 0; k + 1 < b.points.size(); ++k) {
    const double a = b.points[k].parameter, c = b.points[k + 1].parameter;
    if ((p - a) * (p - c) > 0) continue;
    const double d = (b.points[k].x - x).norm() + (b.points[k + 1].x - x).norm();
    if (d < dist) dist = d, best = static_cast<int>(k);
  }
  return best;
}

}  // namespace

std::vector<EquivariantBranchPoint> follow_equivariant_branches(const ModelFactory& make,
                                                                BifurcationDiagram& D,
                                                                const BifurcationOptions& o,
                                                                const EquivariantOptions& e) {
  std::vector<EquivariantBranchPoint> out;
  const double pmin = std::isnan(o.window_lo) ? std::min(o.lo, o.hi) : o.window_lo;
  const double pmax = std::isnan(o.window_hi) ? std::max(o.lo, o.hi) : o.window_hi;
  const size_t n_special = D.special.size();
  for (size_t k = 0; k < n_special; ++k) {
    if (D.special[k].type != "multiple-branch-point") continue;
    const SpecialPoint sp = D.special[k];  // a copy: D grows below
    EquivariantBranchPoint r;
    r.special = static_cast<int>(k);
    r.parameter = sp.parameter;
    r.x = sp.x;
    const auto model = make(sp.parameter);
    const int n = model->dim();
    Vec F;
    Mat J;
    model->drift_jacobian(sp.x, F, J);
    const Mat kernel = null_space(J, e.kernel_tol);
    r.kernel_dim = static_cast<int>(kernel.cols());

    std::vector<Mat> bases;
    int gamma = -1;
    for (size_t g = 0; g < e.subgroups.size(); ++g) {
      bases.push_back(fixed_subspace_basis(e.subgroups[g], n));
      const Mat& B = bases.back();
      const bool fixes = (sp.x - B * (B.transpose() * sp.x)).norm() <= e.fix_tol * (1 + sp.x.norm());
      if (fixes && (gamma < 0 || B.cols() < bases[gamma].cols())) gamma = static_cast<int>(g);
    }
    if (gamma >= 0) {
      r.symmetry = e.subgroups[gamma].name;
      r.predicted = predicted_multiplicities(e.subgroups[gamma], n);
      r.multiplicity_consistent =
          std::find(r.predicted.begin(), r.predicted.end(), r.kernel_dim) != r.predicted.end();
    }

    std::vector<Vec> directions;
    for (size_t g = 0; g < e.subgroups.size(); ++g) {
      if (static_cast<int>(g) == gamma) continue;
      const Mat& B = bases[g];
      AxialBranching a;
      a.subgroup = static_cast<int>(g);
      a.isotropy = e.subgroups[g].name;
      a.fix_dim = static_cast<int>(B.cols());
      if ((sp.x - B * (B.transpose() * sp.x)).norm() > e.fix_tol * (1 + sp.x.norm())) {
        // H is not a subgroup of the branch's symmetry: the lemma does not apply to it (one of its
        // conjugates may be, which the list, one subgroup per conjugacy class, does not hold).
        a.note = "does not fix the branch point: not a subgroup of its symmetry, not followed";
        r.candidates.push_back(a);
        continue;
      }
      // Fix(H) ∩ ker J: the kernel vectors N c with (I - B B^T) N c = 0.
      const Mat off = kernel - B * (B.transpose() * kernel);
      const Mat c = null_space(off, e.kernel_tol);
      a.kernel_fix_dim = static_cast<int>(c.cols());
      if (a.kernel_fix_dim != 1) {
        a.note = "Fix meets the kernel in " + std::to_string(a.kernel_fix_dim) +
                 " dimensions: not axial, not followed";
        r.candidates.push_back(a);
        continue;
      }
      a.direction = (kernel * c.col(0)).normalized();
      bool seen = false;
      for (const Vec& d : directions) seen = seen || std::abs(d.dot(a.direction)) > 1 - 1e-6;
      if (seen) {
        a.note = "same kernel direction as an earlier candidate: not followed again";
        r.candidates.push_back(a);
        continue;
      }
      directions.push_back(a.direction);

      // Continuation in Fix(H) from the parent branch's point before p*, through p*.
      const int before = point_before(D.branches[sp.branch], sp.parameter, sp.x);
      if (before < 0) {
        a.note = "the branch point is not bracketed by its branch's points";
        r.candidates.push_back(a);
        continue;
      }
      const BranchPoint& start = D.branches[sp.branch].points[before];
      const ModelFactory reduced = [&make, B](double p) -> std::unique_ptr<Model> {
        std::shared_ptr<const Model> base = make(p);
        const Model& ref = *base;
        return std::make_unique<FixedSubspaceModel>(ref, B, FixedSubspaceModel::DriftRows{},
                                                   std::move(base));
      };
      BifurcationOptions ro = o;
      ro.lo = start.parameter;
      ro.hi = sp.parameter >= start.parameter ? pmax : pmin;
      if (ro.hi == ro.lo) ro.hi = sp.parameter >= start.parameter ? pmin : pmax;
      ro.window_lo = pmin;
      ro.window_hi = pmax;
      ro.samples.clear();
      ro.switch_branches = true;
      ro.max_branches = 1 + e.max_branches_per_subgroup;
      // Short steps near the branch point: a long switching step can land back on the symmetric
      // branch, whose states also move with the parameter.
      ro.curve.ds_max = std::min(o.curve.ds_max, (pmax - pmin) / 50);
      ro.switch_ds = ro.curve.ds_max / 5;
      ro.curve.max_points = std::max(o.curve.max_points, 4000);
      const double p_star = sp.parameter;
      const double ptol = 1e-6 * (1 + std::abs(p_star));
      ro.switch_at = [p_star, ptol](const SpecialPoint& s) {
        return std::abs(s.parameter - p_star) <= ptol;
      };
      const auto progress = o.progress;
      ro.progress = [progress, name = a.isotropy](const std::string& s) {
        if (progress) progress("[in Fix(" + name + ")] " + s);
      };
      const BifurcationDiagram R = continue_branches(reduced, B.transpose() * start.x, ro);
      if (R.status != Status::Ok) {
        a.note = "continuation in Fix(H) failed: " + R.message;
        r.candidates.push_back(a);
        continue;
      }
      for (size_t b = 1; b < R.branches.size(); ++b) {
        const ContinuedBranch& rb = R.branches[b];
        if (rb.parent != 0 || rb.points.size() < 2) continue;
        // The emerging branch must leave Fix(Gamma): its first point after the branch point, a
        // switching step switch_ds along the kernel direction, is off the symmetric subspace
        // by a fraction of that step (on the symmetric branch it would be off by ~1e-10).
        if (gamma >= 0) {
          const Vec x1 = B * rb.points[1].x;
          const Mat& Bg = bases[gamma];
          if ((x1 - Bg * (Bg.transpose() * x1)).norm() <= 0.01 * ro.switch_ds) {
            a.note += std::string(a.note.empty() ? "" : "; ") + rb.origin +
                      ": the corrector returned to the symmetric branch, dropped";
            continue;
          }
        }
        ContinuedBranch lifted;
        const std::string side = rb.origin.substr(rb.origin.rfind(',') + 1);
        lifted.origin = "multiple branch point #" + std::to_string(k) + ", " + a.isotropy + "," + side;
        lifted.parent = sp.branch;
        lifted.status = rb.status;
        lifted.end = rb.end;
        for (const BranchPoint& q : rb.points) {
          const auto m = make(q.parameter);
          const Vec x = B * q.x;
          lifted.points.push_back({q.parameter, x, m->loss(x), analyse_stability(*m, x, o.stability)});
        }
        a.branches.push_back(static_cast<int>(D.branches.size()));
        D.branches.push_back(std::move(lifted));
        // The special points on it (folds, further branch points, Hopf points), lifted, with the
        // eigenvalues of the full Jacobian.
        for (const SpecialPoint& rs : R.special) {
          if (rs.branch != static_cast<int>(b)) continue;
          SpecialPoint ls = rs;
          ls.x = B * rs.x;
          ls.branch = a.branches.back();
          ls.direction = Vec();
          const auto m = make(rs.parameter);
          ls.eigenvalues = analyse_stability(*m, ls.x, o.stability).eigenvalues;
          D.special.push_back(std::move(ls));
        }
      }
      if (a.branches.empty() && a.note.empty())
        a.note = "no emerging branch inside the window and the model's domain";
      r.candidates.push_back(a);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace summit

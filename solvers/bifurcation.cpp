#include "solvers/bifurcation.hpp"

#include "solvers/lyapunov_coefficient.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <deque>
#include <exception>
#include <memory>

namespace summit {

namespace {

// The models at recently used parameter values (a branch step evaluates p, p + h and p - h).
class ModelCache {
 public:
  explicit ModelCache(const ModelFactory& make) : make_(make) {}
  const Model* at(double p, std::string* why) {
    for (const auto& [q, m] : cache_)
      if (q == p) return m.get();
    std::shared_ptr<Model> m;
    try {
      m = make_(p);
    } catch (const std::exception& e) {
      if (why) *why = e.what();
      return nullptr;
    }
    cache_.emplace_back(p, m);
    if (cache_.size() > 12) cache_.pop_front();
    return m.get();
  }

 private:
  const ModelFactory& make_;
  std::deque<std::pair<double, std::shared_ptr<Model>>> cache_;
};

// G(x, p) = drift of the model at p; Jacobian [J, F_p] with F_p by a central difference (one-sided
// where p +- h is outside the model's range).
CurveSystem fixed_point_system(const std::shared_ptr<ModelCache>& cache, int n, double fd_step) {
  CurveSystem s;
  s.equations = n;
  s.eval = [cache, n, fd_step](const Vec& X, Vec& G, Mat* Jac, std::string* why) {
    const double p = X[n];
    const Model* m = cache->at(p, why);
    if (!m) return false;
    const Vec x = X.head(n);
    if (!Jac) {
      m->drift(x, G);
      return true;
    }
    Mat J;
    m->drift_jacobian(x, G, J);
    Jac->resize(n, n + 1);
    Jac->leftCols(n) = J;
    const double h = fd_step * (1 + std::abs(p));
    const Model* up = cache->at(p + h, nullptr);
    const Model* down = cache->at(p - h, nullptr);
    Vec gu, gd;
    if (up && down) {
      up->drift(x, gu);
      down->drift(x, gd);
      Jac->col(n) = (gu - gd) / (2 * h);
    } else if (up || down) {
      (up ? up : down)->drift(x, gu);
      Jac->col(n) = (up ? (gu - G) : (G - gu)) / h;
    } else {
      if (why) *why = "the model cannot be built next to " + format_real(p);
      return false;
    }
    return true;
  };
  return s;
}

// The test functions at one point of a branch.
struct Probe {
  bool ok = false;
  double fold = 0;         // parameter component of the tangent
  double det = 0;          // det [J, F_p; t^T]
  int hopf_count = 0;      // complex eigenvalues with Re > 0
  double hopf_re = 0;      // real part of the complex eigenvalue nearest the imaginary axis
  double hopf_im = 0;
  bool has_complex = false;
  std::vector<std::complex<double>> eigenvalues;
  std::vector<double> real_eigenvalues;  // the real ones, decreasing
  int positive_real = 0;                 // real eigenvalues > 0
};

Probe probe(const CurveTracer& tr, int n, const Vec& X, const Vec& t) {
  Probe r;
  Vec G;
  Mat Jac;
  if (!tr.eval(X, G, &Jac, nullptr)) return r;
  Mat B(n + 1, n + 1);
  B.topRows(n) = Jac;
  B.row(n) = t.transpose();
  r.det = Eigen::PartialPivLU<Mat>(B).determinant();
  r.fold = t[n];
  Eigen::EigenSolver<Mat> es(Jac.leftCols(n), false);
  if (es.info() != Eigen::Success) return r;
  double scale = 1;
  for (int i = 0; i < n; ++i) scale = std::max(scale, std::abs(es.eigenvalues()[i]));
  double best = INFINITY;
  for (int i = 0; i < n; ++i) {
    const auto l = es.eigenvalues()[i];
    r.eigenvalues.push_back(l);
    if (std::abs(l.imag()) <= 1e-9 * scale) {
      r.real_eigenvalues.push_back(l.real());
      r.positive_real += l.real() > 0;
      continue;
    }
    if (l.real() > 0) ++r.hopf_count;
    if (l.imag() > 0 && std::abs(l.real()) < best) {
      best = std::abs(l.real());
      r.hopf_re = l.real();
      r.hopf_im = l.imag();
      r.has_complex = true;
    }
  }
  std::sort(r.eigenvalues.begin(), r.eigenvalues.end(),
            [](auto a, auto b) { return a.real() > b.real(); });
  std::sort(r.real_eigenvalues.rbegin(), r.real_eigenvalues.rend());
  r.ok = std::isfinite(r.det);
  return r;
}

// The special point between prev and cur where a test function changes sign, to param_tol.
CurveTracer::Located locate(const CurveTracer& tr, const CurvePoint& prev, const CurvePoint& cur,
                            double param_tol, int n, const CurveTracer::TestFunction& value,
                            const CurveTracer::Side& side) {
  CurveTracer::Located L = tr.locate(prev, cur, value, side);
  if (L.ok && std::abs(L.Xa[n] - L.Xb[n]) > param_tol * (1 + std::abs(L.Xa[n]))) {
    L.ok = false;
    L.why = "bracket [" + format_real(L.Xa[n]) + ", " + format_real(L.Xb[n]) + "] wider than param_tol";
  }
  return L;
}

}  // namespace

BifurcationDiagram continue_branches(const ModelFactory& make, const Vec& start,
                                     const BifurcationOptions& o) {
  BifurcationDiagram D;
  auto fail = [&](Status s, std::string m) {
    D.status = s;
    D.message = std::move(m);
    return D;
  };
  if (!(o.hi != o.lo) || !std::isfinite(o.lo) || !std::isfinite(o.hi))
    return fail(Status::InvalidInput, "range: need two distinct finite end points");
  const double pmin = std::isnan(o.window_lo) ? std::min(o.lo, o.hi) : o.window_lo;
  const double pmax = std::isnan(o.window_hi) ? std::max(o.lo, o.hi) : o.window_hi;
  if (!(pmin <= o.lo && o.lo <= pmax))
    return fail(Status::InvalidInput, "window: must contain the start " + format_real(o.lo));
  const int dir = o.hi > o.lo ? 1 : -1;
  auto cache = std::make_shared<ModelCache>(make);
  std::string why;
  const Model* m0 = cache->at(o.lo, &why);
  if (!m0) return fail(Status::InvalidInput, why);
  const int n = m0->dim();
  if (start.size() != n) return fail(Status::InvalidInput, "start has the wrong dimension");
  Vec x0 = start;
  double res = 0;
  const Status ps = polish_fixed_point(*m0, x0, o.fixed_point, &res);
  if (ps != Status::Ok)
    return fail(ps, "the start is not a fixed point at " + format_real(o.lo) +
                        " (max|drift| = " + format_real(res) + ")");

  CurveOptions co = o.curve;
  if (co.ds_max <= 0) co.ds_max = std::abs(o.hi - o.lo) / 20;
  co.ds = std::min(co.ds, co.ds_max);
  const CurveTracer tracer(fixed_point_system(cache, n, o.fd_step), co);
  const double switch_ds = o.switch_ds > 0 ? o.switch_ds : co.ds_max / 2;
  auto progress = [&](const std::string& s) {
    if (o.progress) o.progress(s);
  };

  auto record = [&](const Vec& X) {
    const Model* m = cache->at(X[n], nullptr);
    const Vec x = X.head(n);
    return BranchPoint{X[n], x, m->loss(x), analyse_stability(*m, x, o.stability)};
  };
  bool domain_end = false;
  const CurveTracer::Accept accept = [&](const Vec& X, std::string* w) {
    const Model* m = cache->at(X[n], w);
    domain_end = !m;
    if (!m) return false;
    std::string r;
    if (!m->realisable(X.head(n), &r)) {
      domain_end = true;
      if (w) *w = "not realisable: " + r;
      return false;
    }
    return true;
  };

  // Built by a constructor, not aggregate initialisation (GCC 12 warns that the Eigen members
  // of a braced temporary may be used uninitialised).
  struct Pending {
    Pending(const Vec& X, const Vec& t, std::string from, int parent_branch, Vec at = Vec())
        : start{X, t, 0}, origin(std::move(from)), parent(parent_branch), branch_point(std::move(at)) {}
    CurvePoint start;
    std::string origin;
    int parent;
    Vec branch_point;  // a switched branch: the branch point it emerges from (its first point)
  };
  std::deque<Pending> queue;
  {
    Vec X(n + 1);
    X << x0, o.lo;
    Vec t = Vec::Unit(n + 1, n) * dir;
    if (!tracer.tangent_at(X, t, t)) return fail(Status::NoConvergence, "no tangent at the start");
    if (t[n] * dir < 0) t = -t;
    queue.emplace_back(X, t, "start", -1);
  }
  std::vector<Vec> switched;  // branch points already switched
  while (!queue.empty() && static_cast<int>(D.branches.size()) < o.max_branches) {
    Pending pend = queue.front();
    queue.pop_front();
    const int bi = static_cast<int>(D.branches.size());
    D.branches.push_back({pend.origin, pend.parent, Status::Ok, "", {}, {}});
    progress("branch " + std::to_string(bi) + " (" + pend.origin + ") from " +
             format_real(pend.start.X[n]));
    std::vector<BranchPoint> pts, samples;
    if (pend.branch_point.size()) pts.push_back(record(pend.branch_point));
    pts.push_back(record(pend.start.X));
    for (double v : o.samples)
      if (v == pend.start.X[n]) samples.push_back(pts.back());
    // The samples in (prev, cur] (in the direction of motion), each solved at its value.
    auto sample_between = [&](const Vec& A, const Vec& B) {
      const double a = A[n], b = B[n];
      std::vector<double> hit;
      for (double v : o.samples)
        if ((a < b && v > a && v <= b) || (a > b && v < a && v >= b)) hit.push_back(v);
      std::sort(hit.begin(), hit.end(), [&](double u, double w) { return a < b ? u < w : u > w; });
      for (double v : hit) {
        Vec Y = A + (v - a) / (b - a) * (B - A);
        std::string w;
        if (tracer.correct_fixed(n, v, Y, &w) == Status::Ok) samples.push_back(record(Y));
        else progress("  sample at " + format_real(v) + " not solved: " + w);
      }
    };
    Probe last = probe(tracer, n, pend.start.X, pend.start.tangent);
    std::string end;
    const CurveTracer::Visit visit = [&](const CurvePoint& prev, const CurvePoint& cur) {
      const Probe now = probe(tracer, n, cur.X, cur.tangent);
      if (o.detect && last.ok && now.ok) {
        auto add = [&](const std::string& type, const CurveTracer::Located& L) {
          if (!L.ok) {
            progress("  " + type + " between " + format_real(prev.X[n]) + " and " +
                     format_real(cur.X[n]) + " not located: " + L.why);
            return;
          }
          if (L.X[n] < pmin || L.X[n] > pmax) return;
          const Probe at = probe(tracer, n, L.X, L.t);
          SpecialPoint sp{type, L.X[n], L.X.head(n), at.eigenvalues, 0, NAN, bi, Vec()};
          if (type == "hopf") {
            sp.frequency = std::abs(at.hopf_im);
            LyapunovCoefficient lc;
            if (first_lyapunov_coefficient(*cache->at(L.X[n], nullptr), L.X.head(n), lc))
              sp.lyapunov = lc.l1;
          }
          if (type == "branch-point") {
            Vec G;
            Mat Jac;
            tracer.eval(L.X, G, &Jac, nullptr);
            const Eigen::JacobiSVD<Mat> svd(Jac, Eigen::ComputeFullV);
            const Mat V = svd.matrixV();
            // The branch's own direction: the tangents of the accepted points on either side
            // (the bordered system that gives L.t is singular at the branch point itself, so L.t
            // may be any vector of the two-dimensional null space), projected onto the null
            // space of the two smallest singular vectors; phi is the null vector orthogonal to it.
            const Mat N = V.rightCols(std::min(2, n + 1));
            Vec along = prev.tangent + (prev.tangent.dot(cur.tangent) >= 0 ? 1.0 : -1.0) * cur.tangent;
            along = N * (N.transpose() * along);
            Vec best;
            for (int c = 0; c < N.cols(); ++c) {
              Vec v = N.col(c) - (along.squaredNorm() > 0 ? N.col(c).dot(along) / along.squaredNorm() : 0.0) * along;
              if (best.size() == 0 || v.norm() > best.norm()) best = v;
            }
            sp.direction = best.normalized();
          }
          if (type == "multiple-branch-point") {
            double zscale = 1;
            for (const auto& e : at.eigenvalues) zscale = std::max(zscale, 1 + std::abs(e));
            for (const auto& e : at.eigenvalues) sp.kernel_dim += std::abs(e) <= o.zero_tol * zscale;
          }
          progress("  " + type + " at " + format_real(sp.parameter));
          D.special.push_back(sp);
          if (type == "branch-point" && o.switch_branches && (!o.switch_at || o.switch_at(sp))) {
            bool seen = false;
            for (const auto& s : switched)
              seen = seen || (s - L.X).lpNorm<Eigen::Infinity>() < 1e-6;
            if (!seen) {
              switched.push_back(L.X);
              const int k = static_cast<int>(D.special.size()) - 1;
              for (int sign : {1, -1}) {
                const Vec phi = sign * sp.direction;
                Vec Y, t;
                std::string w;
                const bool saved = domain_end;
                const bool ok = tracer.correct(L.X, phi, switch_ds, Y, &w) == Status::Ok &&
                                tracer.tangent_at(Y, phi, t) && accept(Y, &w);
                domain_end = saved;
                if (ok)
                  queue.emplace_back(Y, t,
                                     "branch point #" + std::to_string(k) + (sign > 0 ? ", +" : ", -"),
                                     bi, L.X);
                else
                  progress("  no branch on the " + std::string(sign > 0 ? "+" : "-") +
                           " side of branch point #" + std::to_string(k) + ": " + w);
              }
            }
          }
        };
        auto value_fold = [&](const Vec&, const Vec& t) { return t[n]; };
        auto side_fold = [&](const Vec&, const Vec& t) { return t[n] > 0; };
        if ((last.fold > 0) != (now.fold > 0))
          add("fold", locate(tracer, prev, cur, o.param_tol, n, value_fold, side_fold));
        const int crossed = std::abs(now.positive_real - last.positive_real);
        if (crossed >= 2) {
          const size_t rank = static_cast<size_t>(std::min(now.positive_real, last.positive_real));
          auto value_m = [&, rank](const Vec& X, const Vec& t) {
            const Probe p = probe(tracer, n, X, t);
            return p.ok && p.real_eigenvalues.size() > rank ? p.real_eigenvalues[rank] : NAN;
          };
          const int c0 = last.positive_real;
          auto side_m = [&, c0](const Vec& X, const Vec& t) {
            return probe(tracer, n, X, t).positive_real == c0;
          };
          add("multiple-branch-point", locate(tracer, prev, cur, o.param_tol, n, value_m, side_m));
        } else if ((last.det > 0) != (now.det > 0)) {
          const double scale = std::abs(last.det) > 0 ? std::abs(last.det) : 1.0;
          auto value_bp = [&](const Vec& X, const Vec& t) {
            const Probe p = probe(tracer, n, X, t);
            return p.ok ? p.det / scale : NAN;
          };
          auto side_bp = [&](const Vec& X, const Vec& t) { return probe(tracer, n, X, t).det > 0; };
          add("branch-point", locate(tracer, prev, cur, o.param_tol, n, value_bp, side_bp));
        }
        if (last.hopf_count != now.hopf_count) {
          auto value_h = [&](const Vec& X, const Vec& t) {
            const Probe p = probe(tracer, n, X, t);
            return p.ok && p.has_complex ? p.hopf_re : NAN;
          };
          const int c0 = last.hopf_count;
          auto side_h = [&](const Vec& X, const Vec& t) { return probe(tracer, n, X, t).hopf_count == c0; };
          add("hopf", locate(tracer, prev, cur, o.param_tol, n, value_h, side_h));
        }
      }
      last = now;
      // Leaving the window: the last point is solved at the window's edge.
      if (cur.X[n] < pmin || cur.X[n] > pmax) {
        const double edge = cur.X[n] < pmin ? pmin : pmax;
        const double f = (edge - prev.X[n]) / (cur.X[n] - prev.X[n]);
        Vec Y = prev.X + f * (cur.X - prev.X);
        std::string w;
        if (tracer.correct_fixed(n, edge, Y, &w) == Status::Ok) {
          pts.push_back(record(Y));
          sample_between(prev.X, Y);
        }
        end = "end of range at " + format_real(edge);
        return false;
      }
      pts.push_back(record(cur.X));
      sample_between(prev.X, cur.X);
      if (pts.size() > 3 && (cur.X - pend.start.X).norm() < 0.5 * cur.ds &&
          cur.tangent.dot(pend.start.tangent) > 0.9) {
        end = "closed curve";
        return false;
      }
      return true;
    };
    domain_end = false;
    const CurveTracer::Trace tr = tracer.trace(pend.start, visit, accept);
    ContinuedBranch& B = D.branches[bi];
    B.points = std::move(pts);
    B.samples = std::move(samples);
    if (tr.status == Status::StepUnderflow && domain_end) {
      B.end = "left the model's domain near " + format_real(B.points.back().parameter) + ": " + tr.message;
    } else if (tr.status != Status::Ok) {
      B.status = tr.status;
      B.end = tr.message;
    } else {
      B.end = end;
    }
    progress("  branch " + std::to_string(bi) + ": " + B.end);
    if (bi == 0 && B.status != Status::Ok) {
      D.status = B.status;
      D.message = "the branch from the start: " + B.end;
    }
  }
  return D;
}

}  // namespace summit

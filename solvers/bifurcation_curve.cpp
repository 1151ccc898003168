#include "solvers/bifurcation_curve.hpp"

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

class ModelCache2 {
 public:
  explicit ModelCache2(const ModelFactory2& make) : make_(make) {}
  const Model* at(double p1, double p2, std::string* why) {
    for (const auto& e : cache_)
      if (e.p1 == p1 && e.p2 == p2) return e.m.get();
    std::shared_ptr<Model> m;
    try {
      m = make_(p1, p2);
    } catch (const std::exception& e) {
      if (why) *why = e.what();
      return nullptr;
    }
    cache_.push_back({p1, p2, m});
    if (cache_.size() > 16) cache_.pop_front();
    return m.get();
  }

 private:
  struct Entry {
    double p1, p2;
    std::shared_ptr<Model> m;
  };
  const ModelFactory2& make_;
  std::deque<Entry> cache_;
};

// The layout of the unknowns X and of G for each kind (n the model's dimension).
struct Shape {
  std::string kind;
  int n = 0;
  int unknowns() const { return kind == "fold" ? 2 * n + 2 : 2 * n + 3; }
  int p1() const { return unknowns() - 2; }
  int p2() const { return unknowns() - 1; }
};

struct Context {
  Shape shape;
  std::shared_ptr<ModelCache2> cache;
  Vec c;  // the normalisation vector (the start's null vector)
  double fd_step = 1e-5;
};

// G(X) for the kind's defining system (see the header); false where the model cannot be built.
bool residual(const Context& k, const Vec& X, Vec& G, std::string* why) {
  const int n = k.shape.n;
  const double p1 = X[k.shape.p1()], p2 = X[k.shape.p2()];
  const Model* m = k.cache->at(p1, p2, why);
  if (!m) return false;
  const Vec x = X.head(n), v = X.segment(n, n);
  Vec F;
  Mat J;
  m->drift_jacobian(x, F, J);
  G.resize(k.shape.unknowns() - 1);
  if (k.shape.kind == "fold") {
    G << F, J * v, k.c.dot(v) - 1;
  } else if (k.shape.kind == "hopf") {
    const double kappa = X[2 * n];
    const Vec Jv = J * v;
    G << F, J * Jv + kappa * v, k.c.dot(v) - 1, k.c.dot(Jv);
  } else {  // branch: v is psi, X[2n] is b
    const double b = X[2 * n];
    const double h = k.fd_step * (1 + std::abs(p1));
    const Model* up = k.cache->at(p1 + h, p2, why);
    const Model* down = k.cache->at(p1 - h, p2, why);
    if (!up || !down) return false;
    Vec fu, fd;
    up->drift(x, fu);
    down->drift(x, fd);
    G << F + b * v, J.transpose() * v, v.squaredNorm() - 1, v.dot((fu - fd) / (2 * h));
  }
  return G.allFinite();
}

CurveSystem curve_system(const Context& k) {
  CurveSystem s;
  s.equations = k.shape.unknowns() - 1;
  s.eval = [k](const Vec& X, Vec& G, Mat* Jac, std::string* why) {
    if (!residual(k, X, G, why)) return false;
    if (!Jac) return true;
    // Central differences in every unknown (step fd_step (1 + |X_j|); see the header).
    Jac->resize(G.size(), X.size());
    for (int j = 0; j < X.size(); ++j) {
      const double h = k.fd_step * (1 + std::abs(X[j]));
      Vec a = X, b = X, Ga, Gb;
      a[j] += h;
      b[j] -= h;
      if (!residual(k, a, Ga, why) || !residual(k, b, Gb, why)) return false;
      Jac->col(j) = (Ga - Gb) / (2 * h);
    }
    return true;
  };
  return s;
}

struct Info {
  bool ok = false;
  Mat J;
  std::vector<std::complex<double>> eigenvalues;
  double det = 0;
  double cusp = 0;  // w . D^2F[v, v]
  double lyapunov = NAN;  // hopf, kappa > 0: l1
};

Info info_at(const Context& k, const Vec& X) {
  Info r;
  const int n = k.shape.n;
  const Model* m = k.cache->at(X[k.shape.p1()], X[k.shape.p2()], nullptr);
  if (!m) return r;
  const Vec x = X.head(n);
  Vec F;
  m->drift_jacobian(x, F, r.J);
  r.det = r.J.determinant();
  Eigen::EigenSolver<Mat> es(r.J, false);
  for (int i = 0; i < n; ++i) r.eigenvalues.push_back(es.eigenvalues()[i]);
  std::sort(r.eigenvalues.begin(), r.eigenvalues.end(),
            [](auto a, auto b) { return a.real() > b.real(); });
  if (k.shape.kind == "fold") {
    const Vec v = X.segment(n, n);
    const Eigen::JacobiSVD<Mat> svd(r.J, Eigen::ComputeFullU);
    Vec w = svd.matrixU().col(n - 1);
    if (std::abs(w.dot(v)) > 0) w /= w.dot(v);
    const double h = k.fd_step * (1 + x.norm()) / std::max(1e-300, v.norm());
    Vec F1, F2;
    Mat J1, J2;
    m->drift_jacobian(x + h * v, F1, J1);
    m->drift_jacobian(x - h * v, F2, J2);
    r.cusp = w.dot((J1 - J2) * v) / (2 * h);
  }
  if (k.shape.kind == "hopf" && X[2 * n] > 0) {
    LyapunovCoefficient lc;
    if (first_lyapunov_coefficient(*m, x, lc)) r.lyapunov = lc.l1;
  }
  r.ok = true;
  return r;
}

}  // namespace

BifurcationCurve continue_bifurcation_curve(const ModelFactory2& make, const Vec& x0, double p1,
                                            double p2, const BifurcationCurveOptions& o) {
  BifurcationCurve C;
  auto fail = [&](Status s, std::string m) {
    C.status = s;
    C.message = std::move(m);
    return C;
  };
  if (o.kind != "fold" && o.kind != "branch" && o.kind != "hopf")
    return fail(Status::InvalidInput, "curve '" + o.kind + "': allowed fold, branch, hopf");
  if (!(o.p1_hi > o.p1_lo) || !(o.p2_hi > o.p2_lo))
    return fail(Status::InvalidInput, "the window needs p1_lo < p1_hi and p2_lo < p2_hi");
  Context k;
  k.cache = std::make_shared<ModelCache2>(make);
  k.fd_step = o.fd_step;
  std::string why;
  const Model* m0 = k.cache->at(p1, p2, &why);
  if (!m0) return fail(Status::InvalidInput, why);
  const int n = m0->dim();
  if (x0.size() != n) return fail(Status::InvalidInput, "start has the wrong dimension");
  k.shape = {o.kind, n};
  Vec F;
  Mat J;
  m0->drift_jacobian(x0, F, J);
  // The start: the null vector (fold), the left null vector (branch), or the critical eigenvector
  // (hopf) of J at x0.
  Vec X(k.shape.unknowns());
  X.head(n) = x0;
  if (o.kind == "hopf") {
    Eigen::EigenSolver<Mat> es(J, true);
    int best = -1;
    for (int i = 0; i < n; ++i)
      if (es.eigenvalues()[i].imag() > 0 &&
          (best < 0 || std::abs(es.eigenvalues()[i].real()) < std::abs(es.eigenvalues()[best].real())))
        best = i;
    if (best < 0) return fail(Status::InvalidInput, "no complex eigenvalue at the start: not a Hopf point");
    Vec v = es.eigenvectors().col(best).real();
    v.normalize();
    k.c = v;
    X.segment(n, n) = v;
    X[2 * n] = std::norm(es.eigenvalues()[best]);  // |lambda|^2 = omega^2 on the axis
  } else {
    const Eigen::JacobiSVD<Mat> svd(J, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const Vec v = (o.kind == "fold" ? svd.matrixV() : svd.matrixU()).col(n - 1);
    k.c = v;
    X.segment(n, n) = v;
    if (o.kind == "branch") X[2 * n] = 0;
  }
  X[k.shape.p1()] = p1;
  X[k.shape.p2()] = p2;

  CurveOptions co = o.curve;
  if (co.ds_max <= 0) co.ds_max = std::hypot(o.p1_hi - o.p1_lo, o.p2_hi - o.p2_lo) / 40;
  co.ds = std::min(co.ds, co.ds_max);
  const CurveTracer tracer(curve_system(k), co);
  // Put the start on the curve (p2 fixed), then its tangent.
  Vec Y = X;
  if (tracer.correct_fixed(k.shape.p2(), p2, Y, &why) != Status::Ok)
    return fail(Status::NoConvergence, "the start is not a " + o.kind + " point: " + why);
  Vec t0 = Vec::Unit(Y.size(), k.shape.p2());
  if (!tracer.tangent_at(Y, t0, t0)) return fail(Status::NoConvergence, "no tangent at the start");

  auto progress = [&](const std::string& s) {
    if (o.progress) o.progress(s);
  };
  auto point_of = [&](const Vec& Z) {
    BifurcationCurvePoint q{Z[k.shape.p1()], Z[k.shape.p2()], Z.head(n), 0, {}};
    if (o.kind == "hopf") q.kappa = Z[2 * n];
    const Info in = info_at(k, Z);
    q.eigenvalues = in.eigenvalues;
    q.lyapunov = in.lyapunov;
    return q;
  };
  auto inside = [&](const Vec& Z) {
    return Z[k.shape.p1()] >= o.p1_lo && Z[k.shape.p1()] <= o.p1_hi && Z[k.shape.p2()] >= o.p2_lo &&
           Z[k.shape.p2()] <= o.p2_hi;
  };
  std::vector<BifurcationCurvePoint> halves[2];
  for (int side = 0; side < 2; ++side) {
    const CurvePoint start{Y, side == 0 ? t0 : Vec(-t0), 0};
    std::vector<BifurcationCurvePoint>& pts = halves[side];
    Info last = info_at(k, Y);
    std::string end = "";
    const CurveTracer::Visit visit = [&](const CurvePoint& prev, const CurvePoint& cur) {
      const Info now = info_at(k, cur.X);
      auto add = [&](const std::string& type, const CurveTracer::TestFunction& f) {
        const CurveTracer::Located L = tracer.locate(prev, cur, f, [&](const Vec& Z, const Vec& t) {
          return f(Z, t) > 0;
        });
        if (!L.ok) {
          progress("  " + type + " not located: " + L.why);
          return;
        }
        if (!inside(L.X)) return;
        const Info at = info_at(k, L.X);
        C.special.push_back({type, L.X[k.shape.p1()], L.X[k.shape.p2()], L.X.head(n), at.eigenvalues});
        progress("  " + type + " at (" + format_real(L.X[k.shape.p1()]) + ", " +
                 format_real(L.X[k.shape.p2()]) + ")");
      };
      if (last.ok && now.ok) {
        if (o.kind == "fold" && (last.cusp > 0) != (now.cusp > 0))
          add("cusp", [&](const Vec& Z, const Vec&) { return info_at(k, Z).cusp; });
        if (o.kind == "hopf") {
          if ((prev.X[2 * n] > 0) != (cur.X[2 * n] > 0))
            add("bogdanov-takens", [&](const Vec& Z, const Vec&) { return Z[2 * n]; });
          else if ((last.det > 0) != (now.det > 0))
            add("zero-hopf", [&](const Vec& Z, const Vec&) { return info_at(k, Z).det; });
          else if (std::isfinite(last.lyapunov) && std::isfinite(now.lyapunov) &&
                   (last.lyapunov > 0) != (now.lyapunov > 0))
            add("generalised-hopf", [&](const Vec& Z, const Vec&) { return info_at(k, Z).lyapunov; });
        }
      }
      last = now;
      if (!inside(cur.X)) {
        end = "left the window at (" + format_real(cur.X[k.shape.p1()]) + ", " +
              format_real(cur.X[k.shape.p2()]) + ")";
        return false;
      }
      pts.push_back(point_of(cur.X));
      if (pts.size() > 3 && (cur.X - Y).norm() < 0.5 * cur.ds) {
        end = "closed curve";
        return false;
      }
      return true;
    };
    const CurveTracer::Accept accept = [&](const Vec& Z, std::string* w) {
      const Model* m = k.cache->at(Z[k.shape.p1()], Z[k.shape.p2()], w);
      if (!m) return false;
      std::string r;
      if (!m->realisable(Z.head(n), &r)) {
        if (w) *w = "not realisable: " + r;
        return false;
      }
      return true;
    };
    progress(o.kind + " curve, direction " + std::to_string(side + 1) + " of 2");
    const CurveTracer::Trace tr = tracer.trace(start, visit, accept);
    C.ends[side] = tr.status == Status::Ok ? end : std::string(to_string(tr.status)) + ": " + tr.message;
    if (end == "closed curve") break;
  }
  for (auto it = halves[1].rbegin(); it != halves[1].rend(); ++it) C.points.push_back(*it);
  C.points.push_back(point_of(Y));
  for (const auto& q : halves[0]) C.points.push_back(q);
  return C;
}

}  // namespace summit

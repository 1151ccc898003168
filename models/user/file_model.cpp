// The Model built from a compiled model file: loss, drift and observables run the flat programs
// of models/user/compile.hpp on double and on Jets (JetModel supplies the exact derivatives).
// A drift derived by `gradient_flow` adds the chain rule of lib/gram.hpp to the written-out
// terms, with the loss gradient taken by one more level of forward-mode Jets.
#include "models/user/file_model.hpp"

#include "lib/jet_model.hpp"
#include "lib/model_resolver.hpp"
#include "models/user/compile.hpp"
#include "models/user/equations.hpp"
#include "models/user/model_file.hpp"

#include "lib/gauss/scalar.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

namespace summit::user {

class FileModel final : public JetModel<FileModel>, public ModelSource {
 public:
  FileModel(std::shared_ptr<const ModelSpec> spec, const ParamValues& pv, std::string name,
            std::string source);

  std::string name() const override { return name_; }
  std::string source() const override { return source_; }
  std::string equations(bool expanded, bool latex) const override {
    return expanded ? expanded_equations(cm_, latex) : index_equations(*spec_, latex);
  }
  const ParamValues& params() const override { return pv_; }
  const Layout& layout() const override { return cm_.layout; }
  std::string time_unit() const override { return spec_->time_unit; }

  template <class T>
  T loss_t(const T* x) const;
  template <class T>
  void drift_t(const T* x, T* dx) const;

  bool gradient_flow_drift(const Vec& x, Vec& dx) const override;
  bool realisable(const Vec& x, std::string* why, double tol = 1e-9) const override;
  Vec initial_state() const override { return cm_.initial; }
  Vec random_state(std::mt19937_64& rng) const override;
  std::vector<NamedPoint> special_points() const override { return cm_.points; }
  std::vector<std::string> observable_names() const override { return cm_.observable_names; }
  Vec observables(const Vec& x) const override;
  ModelHints hints() const override;
  const CompiledModel& compiled() const { return cm_; }

 private:
  template <class T>
  void add_flow(const T* x, T* dx) const;
  std::shared_ptr<const ModelSpec> spec_;
  ParamValues pv_;
  std::string name_, source_;
  CompiledModel cm_;
};


FileModel::FileModel(std::shared_ptr<const ModelSpec> spec, const ParamValues& pv, std::string name,
                     std::string source)
    : spec_(std::move(spec)), pv_(pv), name_(std::move(name)), source_(std::move(source)),
      cm_(compile_model(*spec_, pv_)) {}

template <class T>
T FileModel::loss_t(const T* x) const {
  thread_local std::vector<T> scratch;
  T L;
  expr::run(cm_.loss, x, &L, scratch);
  return L;
}

// The gradient flow of the loss through each Gram matrix [[Q, R], [R^T, T]] (lib/gram.hpp):
// Gs = dL/dQ in stored coordinates with the diagonal doubled, S = dL/dR,
// dR = -rate (Gs R + S T), dQ = -rate [(Gs Q + S R^T) + (Gs Q + S R^T)^T].
template <class T>
void FileModel::add_flow(const T* x, T* dx) const {
  using Up = ceres::Jet<T, autodiff::kBlock>;
  const int n = dim();
  thread_local std::vector<Up> xu, scratch;
  xu.resize(n);
  std::vector<T> grad(n, gauss::lift<T>(0.0));
  // The coordinates the flows need (Q and R blocks), in passes of kBlock seed directions.
  std::vector<int> coords;
  for (const Flow& f : cm_.flows)
    for (int bi : {f.q_block, f.r_block}) {
      const Block& b = layout().blocks()[bi];
      for (int k = 0; k < b.size(); ++k) coords.push_back(b.offset + k);
    }
  for (std::size_t b0 = 0; b0 < coords.size(); b0 += autodiff::kBlock) {
    for (int k = 0; k < n; ++k) xu[k] = Up(x[k]);
    for (std::size_t j = b0; j < std::min(coords.size(), b0 + autodiff::kBlock); ++j)
      xu[coords[j]].v[j - b0] = gauss::lift<T>(1.0);
    Up L;
    expr::run(cm_.loss, xu.data(), &L, scratch);
    for (std::size_t j = b0; j < std::min(coords.size(), b0 + autodiff::kBlock); ++j)
      grad[coords[j]] = L.v[j - b0];
  }
  for (const Flow& f : cm_.flows) {
    const Block& qb = layout().blocks()[f.q_block];
    const Block& rb = layout().blocks()[f.r_block];
    const int K = f.K, M = f.M;
    using MatT = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    MatT Q(K, K), R(K, M), Gs(K, K), S(K, M), Tm(M, M);
    for (int i = 0; i < K; ++i)
      for (int j = 0; j < K; ++j) {
        Q(i, j) = x[qb.index(i, j)];
        Gs(i, j) = (i == j ? gauss::lift<T>(2.0) : gauss::lift<T>(1.0)) * grad[qb.index(i, j)];
      }
    for (int i = 0; i < K; ++i)
      for (int m = 0; m < M; ++m) {
        R(i, m) = x[rb.index(i, m)];
        S(i, m) = grad[rb.index(i, m)];
      }
    for (int m = 0; m < M; ++m)
      for (int l = 0; l < M; ++l) Tm(m, l) = gauss::lift<T>(f.T(m, l));
    const T rate = gauss::lift<T>(f.rate);
    const MatT dR = (Gs * R + S * Tm) * (-rate);
    const MatT A = Gs * Q + S * R.transpose();
    for (int i = 0; i < K; ++i) {
      for (int m = 0; m < M; ++m) dx[rb.index(i, m)] += dR(i, m);
      for (int k = i; k < K; ++k) dx[qb.index(i, k)] -= rate * (A(i, k) + A(k, i));
    }
  }
}

template <class T>
void FileModel::drift_t(const T* x, T* dx) const {
  thread_local std::vector<T> scratch;
  expr::run(cm_.drift, x, dx, scratch);
  if (!cm_.flows.empty()) add_flow(x, dx);
}

template double FileModel::loss_t<double>(const double*) const;
template autodiff::Jet1 FileModel::loss_t<autodiff::Jet1>(const autodiff::Jet1*) const;
template autodiff::Jet2 FileModel::loss_t<autodiff::Jet2>(const autodiff::Jet2*) const;
template void FileModel::drift_t<double>(const double*, double*) const;
template void FileModel::drift_t<autodiff::Jet1>(const autodiff::Jet1*, autodiff::Jet1*) const;

bool FileModel::gradient_flow_drift(const Vec& x, Vec& dx) const {
  if (cm_.flows.empty()) return false;
  dx.setZero(x.size());
  add_flow(x.data(), dx.data());
  return true;
}

bool FileModel::realisable(const Vec& x, std::string* why, double tol) const {
  return check_realisable(cm_, x, why, tol);
}

ModelHints FileModel::hints() const {
  ModelHints h;
  h.default_events = spec_->events;
  return h;
}

Vec FileModel::observables(const Vec& x) const {
  Vec out(cm_.observable_names.size());
  thread_local std::vector<double> scratch;
  if (out.size()) expr::run(cm_.observables, x.data(), out.data(), scratch);
  return out;
}

// Random realisable states: the Gram matrices of random weights (the student rows W drawn
// N(0, 1/(K+M)) next to the teacher's T^{1/2}, so that [[Q, R], [R^T, T]] is PSD by
// construction) and, for every other coordinate, the initial value plus N(0, 0.1^2) noise; states
// outside the declared ranges are redrawn (up to 100 times, then the initial state).
Vec FileModel::random_state(std::mt19937_64& rng) const {
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int attempt = 0; attempt < 100; ++attempt) {
    Vec x = cm_.initial;
    for (int k = 0; k < x.size(); ++k) x[k] += 0.1 * normal(rng);
    for (const GramLayout& g : cm_.psd) {
      const int K = g.top, M = g.n - g.top, n = g.n;
      if (g.entry[0] < 0 || g.entry[(K) * n + K] >= 0) continue;  // needs state Q, constant T
      Eigen::MatrixXd T(M, M);
      for (int m = 0; m < M; ++m)
        for (int l = 0; l < M; ++l) T(m, l) = g.values[-1 - g.entry[(K + m) * n + K + l]];
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(T);
      const Eigen::MatrixXd sqrtT = es.eigenvectors() *
                                    es.eigenvalues().cwiseMax(0).cwiseSqrt().asDiagonal() *
                                    es.eigenvectors().transpose();
      Eigen::MatrixXd Wt = Eigen::MatrixXd::Zero(M, n), W(K, n);
      Wt.leftCols(M) = sqrtT;
      for (int i = 0; i < K; ++i)
        for (int j = 0; j < n; ++j) W(i, j) = normal(rng) / std::sqrt(static_cast<double>(n));
      const Eigen::MatrixXd Q = W * W.transpose(), R = W * Wt.transpose();
      for (int i = 0; i < K; ++i) {
        for (int k = 0; k < K; ++k) x[g.entry[i * n + k]] = Q(i, k);
        for (int m = 0; m < M; ++m) x[g.entry[i * n + K + m]] = R(i, m);
      }
    }
    if (check_realisable(cm_, x, nullptr, 0)) return x;
  }
  return cm_.initial;
}

std::unique_ptr<Model> make_file_model(std::shared_ptr<const ModelSpec> spec, const ParamValues& pv,
                                       const std::string& name, const std::string& source) {
  return std::make_unique<FileModel>(std::move(spec), pv, name, source);
}

}  // namespace summit::user

#include "models/random_matrix/spectral_diagnostics.hpp"

#include "lib/model_base.hpp"
#include "lib/quadrature/tanh_sinh.hpp"

#include <Eigen/Eigenvalues>

#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <sstream>
#include <stdexcept>

namespace summit::random_matrix {

namespace {
constexpr double kPi = std::numbers::pi;
constexpr double kGamma = std::numbers::egamma;

std::vector<double> gaps(std::vector<double> ev) {
  std::sort(ev.begin(), ev.end());
  std::vector<double> s(ev.size() > 0 ? ev.size() - 1 : 0);
  for (size_t k = 0; k + 1 < ev.size(); ++k) s[k] = ev[k + 1] - ev[k];
  return s;
}
}  // namespace

double persistence_entropy(std::vector<double> eigenvalues) {
  if (eigenvalues.size() < 2)
    throw std::invalid_argument("persistence_entropy: needs at least 2 eigenvalues");
  const std::vector<double> s = gaps(std::move(eigenvalues));
  double total = 0;
  for (double x : s) total += x;
  if (!(total > 0) || !std::isfinite(total))
    throw std::invalid_argument("persistence_entropy: the eigenvalues have no spread");
  double pe = 0;
  for (double x : s)
    if (x > 0) pe -= (x / total) * std::log(x / total);
  return pe;
}

double mean_spacing_ratio(std::vector<double> eigenvalues) {
  if (eigenvalues.size() < 3)
    throw std::invalid_argument("mean_spacing_ratio: needs at least 3 eigenvalues");
  const std::vector<double> s = gaps(std::move(eigenvalues));
  double sum = 0;
  int count = 0;
  for (size_t k = 0; k + 1 < s.size(); ++k) {
    const double hi = std::max(s[k], s[k + 1]);
    if (!(hi > 0)) continue;
    sum += std::min(s[k], s[k + 1]) / hi;
    ++count;
  }
  if (count == 0) throw std::invalid_argument("mean_spacing_ratio: all gaps are zero");
  return sum / count;
}

double c_beta(double beta) {
  if (beta == 0) return 1 - kGamma;
  if (!(beta > 0)) throw std::invalid_argument("c_beta: beta must be >= 0");
  return 0.5 * boost::math::digamma(1 + beta / 2) -
         (std::lgamma(1 + beta / 2) - std::lgamma((1 + beta) / 2));
}

double r_surmise(double beta) {
  const double s3 = std::sqrt(3.0);
  if (beta == 0) return 2 * std::log(2.0) - 1;
  if (beta == 1) return 4 - 2 * s3;
  if (beta == 2) return 2 * s3 / kPi - 0.5;
  if (beta == 4) return 32 * s3 / (15 * kPi) - 0.5;
  throw std::invalid_argument("r_surmise: beta must be 0 (Poisson), 1, 2 or 4");
}
double r_large_n(double beta) {
  if (beta == 0) return 2 * std::log(2.0) - 1;
  if (beta == 1) return 0.5307;
  if (beta == 2) return 0.5996;
  if (beta == 4) return 0.6744;
  throw std::invalid_argument("r_large_n: beta must be 0 (Poisson), 1, 2 or 4");
}

double pe_abstract(double n) { return std::log(8 * n / kPi) - 1; }
double pe_semicircle(double n, double beta) { return pe_abstract(n) - c_beta(beta); }
double pe_marchenko_pastur(double n, double c, double beta) {
  if (!(c > 0 && c <= 1)) throw std::invalid_argument("pe_marchenko_pastur: c must be in (0, 1]");
  const double lp = (1 + std::sqrt(c)) * (1 + std::sqrt(c)), lm = (1 - std::sqrt(c)) * (1 - std::sqrt(c));
  const double xlogx = lm > 0 ? lm * std::log(lm) : 0.0;
  return std::log(8 * n / kPi) - (lp * std::log(lp) - xlogx) / (lp - lm) - c_beta(beta);
}
double pe_general(double n, const std::function<double(double)>& f, double a, double b,
                  double beta) {
  const double L = b - a;
  const double I = quadrature::tanh_sinh_integral([&](double x) { return std::log(f(x)); }, a, b);
  return std::log(n * L) + I / L - c_beta(beta);
}

namespace {
double chi(double k, std::mt19937_64& rng) {
  return std::sqrt(std::chi_squared_distribution<double>(k)(rng));
}
Eigen::VectorXd tridiagonal_eigenvalues(const Eigen::VectorXd& diag, const Eigen::VectorXd& sub) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
  es.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
  return es.eigenvalues();
}
}  // namespace

Eigen::VectorXd sample_beta_hermite(int n, double beta, std::mt19937_64& rng) {
  if (n < 2 || !(beta > 0)) throw std::invalid_argument("sample_beta_hermite: needs n >= 2, beta > 0");
  std::normal_distribution<double> N;
  Eigen::VectorXd d(n), e(n - 1);
  // (1/sqrt 2) [N(0, 2) on the diagonal, chi_{beta (n-1)}, ..., chi_beta off it].
  for (int i = 0; i < n; ++i) d[i] = N(rng);
  for (int i = 0; i < n - 1; ++i) e[i] = chi(beta * (n - 1 - i), rng) / std::sqrt(2.0);
  const double scale = std::sqrt(2 / (beta * n));
  return tridiagonal_eigenvalues(d * scale, e * scale);
}

Eigen::VectorXd sample_beta_laguerre(int n, double c, double beta, std::mt19937_64& rng) {
  const int m = static_cast<int>(std::lround(n / c));
  if (n < 2 || !(c > 0 && c <= 1) || m < n || !(beta > 0))
    throw std::invalid_argument("sample_beta_laguerre: needs n >= 2, 0 < c <= 1, beta > 0");
  // Lower bidiagonal B: diagonal chi_{beta (m - i)}, subdiagonal chi_{beta (n - 1 - i)};
  // the tridiagonal B B^T has the eigenvalues of G G^*.
  Eigen::VectorXd x(n), y(n - 1), d(n), e(n - 1);
  for (int i = 0; i < n; ++i) x[i] = chi(beta * (m - i), rng);
  for (int i = 0; i < n - 1; ++i) y[i] = chi(beta * (n - 1 - i), rng);
  for (int i = 0; i < n; ++i) d[i] = x[i] * x[i] + (i > 0 ? y[i - 1] * y[i - 1] : 0.0);
  for (int i = 0; i < n - 1; ++i) e[i] = y[i] * x[i];
  const double scale = 1 / (beta * m);
  return tridiagonal_eigenvalues(d * scale, e * scale);
}

Eigen::VectorXd sample_rosenzweig_porter(int n, double gamma, std::mt19937_64& rng) {
  if (n < 2) throw std::invalid_argument("sample_rosenzweig_porter: needs n >= 2");
  std::normal_distribution<double> N;
  const double g = std::pow(static_cast<double>(n), -gamma / 2);
  Eigen::MatrixXd H(n, n);
  for (int i = 0; i < n; ++i) {
    H(i, i) = N(rng) + g * std::sqrt(2.0) * N(rng);
    for (int j = i + 1; j < n; ++j) H(i, j) = H(j, i) = g * N(rng);
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(H, Eigen::EigenvaluesOnly);
  return es.eigenvalues();
}

std::vector<double> read_spectrum(const std::string& path) {
  const std::string what = "parameter 'spectrum' = '" + path + "': ";
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(what + "cannot open the file");
  std::vector<double> v;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    line = line.substr(0, line.find('#'));
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream ss(line);
    std::string tok;
    while (ss >> tok) {
      double x = 0;
      size_t used = 0;
      try {
        x = std::stod(tok, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != tok.size() || !std::isfinite(x))
        throw std::invalid_argument(what + "line " + std::to_string(lineno) + ": '" + tok +
                                    "' is not a finite number");
      v.push_back(x);
    }
  }
  if (v.size() < 3)
    throw std::invalid_argument(what + "has " + std::to_string(v.size()) +
                                " values; needs at least 3 eigenvalues");
  if (*std::max_element(v.begin(), v.end()) == *std::min_element(v.begin(), v.end()))
    throw std::invalid_argument(what + "all values are equal; needs a spread of eigenvalues");
  return v;
}

namespace {

struct Sampled {
  double pe_mean = 0, pe_se = 0, r_mean = 0, r_se = 0;
};

class SpectralDiagnostics final : public ModelBase {
 public:
  SpectralDiagnostics(const ParamValues& pv, std::string ensemble, int n, double c, double gamma,
                      int samples, std::uint64_t seed, std::vector<double> spectrum)
      : ModelBase("spectral-diagnostics", pv), ens_(std::move(ensemble)), n_(n), c_(c), gamma_(gamma), samples_(samples) {
    layout_.add_scalar("n");
    beta_ = ens_ == "gue" ? 2.0 : ens_ == "gse" ? 4.0 : 1.0;
    has_prediction_ = ens_ != "rosenzweig-porter";
    if (samples_ > 0) {
      std::mt19937_64 rng(seed);
      std::vector<double> pe(samples_), r(samples_);
      for (int k = 0; k < samples_; ++k) {
        Eigen::VectorXd ev;
        if (ens_ == "wishart") ev = sample_beta_laguerre(n_, c_, 1.0, rng);
        else if (ens_ == "rosenzweig-porter") ev = sample_rosenzweig_porter(n_, gamma_, rng);
        else ev = sample_beta_hermite(n_, beta_, rng);
        const std::vector<double> v(ev.data(), ev.data() + ev.size());
        pe[k] = persistence_entropy(v);
        r[k] = mean_spacing_ratio(v);
      }
      auto ms = [&](const std::vector<double>& x, double& m, double& se) {
        m = 0;
        for (double t : x) m += t / samples_;
        double s2 = 0;
        for (double t : x) s2 += (t - m) * (t - m);
        se = samples_ > 1 ? std::sqrt(s2 / (samples_ - 1) / samples_) : 0.0;
      };
      ms(pe, sim_.pe_mean, sim_.pe_se);
      ms(r, sim_.r_mean, sim_.r_se);
    }
    if (!spectrum.empty()) {
      has_spectrum_ = true;
      spec_n_ = static_cast<double>(spectrum.size());
      spec_pe_ = persistence_entropy(spectrum);
      spec_r_ = mean_spacing_ratio(spectrum);
    }
  }
  std::string time_unit() const override { return "none (static model: the drift is 0)"; }

  double prediction(double n) const {
    if (!has_prediction_) return 0.0;
    return ens_ == "wishart" ? pe_marchenko_pastur(n, c_, beta_) : pe_semicircle(n, beta_);
  }
  double loss(const Vec& x) const override { return prediction(x[0]); }
  void drift(const Vec& x, Vec& dx) const override { dx = Vec::Zero(1); }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    dx = Vec::Zero(1);
    J = Mat::Zero(1, 1);
  }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = loss(x);
    g = Vec::Constant(1, has_prediction_ ? 1 / x[0] : 0.0);  // d log n / dn
  }
  void loss_hessian(const Vec& x, Mat& H) const override {
    H = Mat::Constant(1, 1, has_prediction_ ? -1 / (x[0] * x[0]) : 0.0);
  }
  bool realisable(const Vec& x, std::string* why, double) const override {
    if (x.size() == 1 && std::isfinite(x[0]) && x[0] >= 2) return true;
    if (why) *why = "n must be a finite real >= 2";
    return false;
  }
  Vec initial_state() const override { return Vec::Constant(1, n_); }
  Vec random_state(std::mt19937_64& rng) const override {
    return Vec::Constant(1, std::exp(std::uniform_real_distribution<double>(std::log(10.0), std::log(1e4))(rng)));
  }

  std::vector<std::string> observable_names() const override {
    std::vector<std::string> o;
    if (has_prediction_) o = {"pe_corrected", "pe_abstract", "c_beta", "r_surmise", "r_large_n"};
    else o = {"r_surmise_goe", "r_poisson"};
    if (samples_ > 0)
      for (const char* s : {"pe_sim_mean", "pe_sim_se", "r_sim_mean", "r_sim_se"}) o.push_back(s);
    if (has_spectrum_)
      for (const char* s : {"pe_spectrum", "r_spectrum", "spectrum_size"}) o.push_back(s);
    return o;
  }
  Vec observables(const Vec& x) const override {
    std::vector<double> o;
    if (has_prediction_) {
      const double p = prediction(x[0]);
      o = {p, p + c_beta(beta_), c_beta(beta_), r_surmise(beta_), r_large_n(beta_)};
    } else {
      o = {r_surmise(1), r_surmise(0)};
    }
    if (samples_ > 0) o.insert(o.end(), {sim_.pe_mean, sim_.pe_se, sim_.r_mean, sim_.r_se});
    if (has_spectrum_) o.insert(o.end(), {spec_pe_, spec_r_, spec_n_});
    return Eigen::Map<const Vec>(o.data(), static_cast<Eigen::Index>(o.size()));
  }

 private:
  std::string ens_;
  int n_;
  double c_, gamma_, beta_ = 1;
  int samples_;
  bool has_prediction_ = true, has_spectrum_ = false;
  Sampled sim_;
  double spec_n_ = 0, spec_pe_ = 0, spec_r_ = 0;
};

}  // namespace

void register_spectral_diagnostics(Registry& registry) {
  registry.add(
      {.name = "spectral-diagnostics",
       .summary =
           "persistence entropy of eigenvalue gaps and level-spacing ratio of random matrices",
       .doc =
           "PE = -sum p_k log p_k, p_k = (lambda_{k+1} - lambda_k)/(lambda_n - lambda_1) (the persistence\n"
           "bars of x^T M x on the sphere). Prediction: PE = log(nL) + (1/L) int log f - c_beta;\n"
           "semicircle: log(8n/pi) - 1 - c_beta; Wishart (ratio c): log(8n/pi) - (l+ log l+ - l- log\n"
           "l-)/(l+ - l-) - c_beta; c_beta = psi(1 + beta/2)/2 - log[Gamma(1 + beta/2)/Gamma((1+beta)/2)].\n"
           "pe_abstract is the same formula without c_beta (the abstract's log(8n/pi) - 1 for GOE).\n"
           "<r> = mean min(s_k, s_k+1)/max(...): surmise and Atas et al. large-N values.\n"
           "samples > 0: sampled mean PE (standard error) and <r> (Dumitriu-Edelman tridiagonal for\n"
           "goe/gue/gse/wishart, dense Rosenzweig-Porter). spectrum = FILE: PE and <r> of the\n"
           "eigenvalues in FILE. State: n (the size at which the predictions are evaluated); drift 0;\n"
           "loss = pe_corrected at n. Loftus 2026 (arXiv:2603.27903); docs/random_matrix.md.",
       .params =
           std::vector<ParamSpec>{
               {.name = "ensemble",
                .type = ParamType::Choice,
                .default_text = "goe",
                .doc = "random-matrix ensemble",
                .choices = {"goe", "gue", "gse", "wishart", "rosenzweig-porter"}},
               {.name = "n",
                .type = ParamType::Int,
                .default_text = "",
                .doc = "matrix size (default 400, or the number of values in spectrum)",
                .min = 3,
                .max = 1000000},
               {.name = "c",
                .type = ParamType::Real,
                .default_text = "0.25",
                .doc = "wishart only: ratio n/m (m samples)",
                .min = 0,
                .max = 1,
                .min_exclusive = true},
               {.name = "gamma",
                .type = ParamType::Real,
                .default_text = "0.5",
                .doc = "rosenzweig-porter only: H = diag(a) + n^(-gamma/2) GOE",
                .min = 0,
                .max = 10},
               {.name = "samples",
                .type = ParamType::Int,
                .default_text = "0",
                .doc = "sampled matrices (0: prediction only)",
                .min = 0,
                .max = 1000000},
               {.name = "seed",
                .type = ParamType::Int,
                .default_text = "1",
                .doc = "random seed of the samples",
                .min = 0,
                .max = 2147483647},
               {.name = "spectrum",
                .type = ParamType::Text,
                .default_text = "",
                .doc = "a file of eigenvalues (blank/comma/newline separated, '#' comments)"}},
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         const std::string ens = pv.get_text("ensemble");
         if (pv.given("c") && ens != "wishart")
           throw std::invalid_argument("parameter 'c' = '" + pv.get_text("c") +
                                       "': only the wishart ensemble takes c (ensemble '" + ens +
                                       "')");
         if (pv.given("gamma") && ens != "rosenzweig-porter")
           throw std::invalid_argument(
               "parameter 'gamma' = '" + pv.get_text("gamma") +
               "': only the rosenzweig-porter ensemble takes gamma (ensemble '" + ens + "')");
         std::vector<double> spectrum;
         if (pv.is_set("spectrum")) spectrum = read_spectrum(pv.get_text("spectrum"));
         const int n = pv.is_set("n")
                           ? pv.get_int("n")
                           : (spectrum.empty() ? 400 : static_cast<int>(spectrum.size()));
         if (ens == "rosenzweig-porter" && pv.get_int("samples") > 0 && n > 3000)
           throw std::invalid_argument(
               "parameter 'n' = '" + std::to_string(n) +
               "': the rosenzweig-porter sampler is dense (O(n^3)); must be "
               "<= 3000");
         return std::make_unique<SpectralDiagnostics>(
             pv, ens, n, pv.get_real("c"), pv.get_real("gamma"), pv.get_int("samples"),
             static_cast<std::uint64_t>(pv.get_int("seed")), std::move(spectrum));
       }});
}

}  // namespace summit::random_matrix

#include "cli/sweep_mpi.hpp"

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#ifdef SUMMIT_HAVE_MPI
#include <mpi.h>
#endif

namespace summit::cli {

namespace {
// The number of ranks mpirun started, from the launcher's environment (0: not under mpirun).
int launcher_size() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"})
    if (const char* s = std::getenv(v); s && *s) return std::atoi(s);
  return 0;
}
}  // namespace

#ifdef SUMMIT_HAVE_MPI

namespace {
constexpr int kTagResult = 2, kTagWork = 3;
}

Mpi mpi_start() {
  Mpi m;
  if (launcher_size() <= 1) return m;
  MPI_Init(nullptr, nullptr);
  m.active = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &m.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &m.size);
  return m;
}

int mpi_finish(const Mpi& mpi, int code) {
  if (mpi.active) MPI_Finalize();
  return code;
}

void mpi_farm(const Mpi& mpi, std::size_t n, const std::function<std::string(std::size_t)>& work,
              const std::function<void(const std::string&)>& deliver) {
  if (mpi.rank == 0) {
    // Each worker holds up to kDepth tasks (the one it computes and the next), so the round trip
    // to this rank is hidden behind the work; a task goes to whichever worker frees up first.
    constexpr int kDepth = 2;
    std::size_t next = 0;
    std::vector<int> outstanding(static_cast<std::size_t>(mpi.size), 0);
    int active = mpi.size - 1;
    auto feed = [&](int w) {
      if (next < n) {
        long long k = static_cast<long long>(next++);
        MPI_Send(&k, 1, MPI_LONG_LONG, w, kTagWork, MPI_COMM_WORLD);
        ++outstanding[static_cast<std::size_t>(w)];
      } else if (outstanding[static_cast<std::size_t>(w)] == 0) {
        long long stop = -1;
        MPI_Send(&stop, 1, MPI_LONG_LONG, w, kTagWork, MPI_COMM_WORLD);
        --active;
      }
    };
    for (int w = 1; w < mpi.size; ++w)
      for (int d = 0; d < kDepth && (d == 0 || next < n); ++d) feed(w);
    while (active > 0) {
      // Poll with short sleeps: a blocking probe spins and would take a core from the workers.
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &flag, &st);
      if (!flag) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        continue;
      }
      int len = 0;
      MPI_Get_count(&st, MPI_CHAR, &len);
      std::string buf(static_cast<std::size_t>(len), '\0');
      MPI_Recv(buf.data(), len, MPI_CHAR, st.MPI_SOURCE, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      --outstanding[static_cast<std::size_t>(st.MPI_SOURCE)];
      deliver(buf);
      feed(st.MPI_SOURCE);
    }
    return;
  }
  for (;;) {
    long long k = -1;
    MPI_Recv(&k, 1, MPI_LONG_LONG, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (k < 0) break;
    const std::string out = work(static_cast<std::size_t>(k));
    MPI_Send(out.data(), static_cast<int>(out.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
  }
}

#else

Mpi mpi_start() {
  if (const int n = launcher_size(); n > 1)
    throw std::invalid_argument("started by mpirun with " + std::to_string(n) +
                                " ranks, but this summit was built without MPI (configure with "
                                "-DSUMMIT_MPI=ON); every rank would run the whole sweep");
  return {};
}

int mpi_finish(const Mpi&, int code) { return code; }

void mpi_farm(const Mpi&, std::size_t, const std::function<std::string(std::size_t)>&,
              const std::function<void(const std::string&)>&) {
  throw std::logic_error("mpi_farm without MPI support");
}

#endif

}  // namespace summit::cli

// The MPI task farm of `summit sweep` (compiled with MPI when SUMMIT_MPI is ON; otherwise these
// report a single process and refuse to run under mpirun with several ranks).
//
// Contract: under mpirun, mpi_farm has every task i < n run once by a worker rank and delivers
// each result on rank 0 (below); mpi_finish returns the exit code all ranks agree on.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace summit::cli {

struct Mpi {
  int rank = 0, size = 1;
  bool active = false;  // MPI_Init was called
};

// Initialises MPI when the process was started by mpirun with more than one rank.
Mpi mpi_start();
// Finalises MPI if it was started; returns `code`.
int mpi_finish(const Mpi& mpi, int code);
// Dynamic task farm: rank 0 hands out the tasks 0..n-1 one at a time to ranks 1..size-1 as they
// become free and passes every returned text to `deliver` (on rank 0); the workers run `work`.
void mpi_farm(const Mpi& mpi, std::size_t n, const std::function<std::string(std::size_t)>& work,
              const std::function<void(const std::string&)>& deliver);

}  // namespace summit::cli

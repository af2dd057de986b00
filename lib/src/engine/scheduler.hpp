#pragma once

// Threads and ordering, apart from what the work is: the engine hands the
// scheduler numbered units of work, the scheduler runs them on `jobs`
// threads and gives their results back in order.
#include <cstddef>
#include <functional>
#include <vector>

#include "corslint/engine.hpp"

namespace corslint::engine {

// Runs `work(i, out)` for every i in [0, count) on up to `jobs` threads. With
// one thread the findings go straight to `out`; otherwise each thread collects
// its own and they are appended to `out` thread by thread (callers sort).
void for_each_parallel(std::size_t count, unsigned jobs,
                       const std::function<void(std::size_t, std::vector<Finding>&)>& work,
                       std::vector<Finding>& out);

// Runs `run(g, result, inner_jobs)` for every group g in [0, count) and hands
// each result to `sink` (prepare on the worker, then consume) in group order.
// One group, or one job: groups run one after another, each with all `jobs`
// for its files. Otherwise each of `jobs` workers takes whole groups (with one
// job each) and leaves them in a reorder buffer; whoever completes the next
// group in order hands the ready run of groups to the sink, one consumer at a
// time. A worker does not start a group more than 2 * jobs groups ahead of
// the sink, which bounds the memory the buffer holds. An exception from `run`
// or the sink stops the workers and is rethrown here.
void run_in_order(std::size_t count, unsigned jobs,
                  const std::function<void(std::size_t, FindingGroup&, unsigned)>& run,
                  FindingSink& sink);

}  // namespace corslint::engine

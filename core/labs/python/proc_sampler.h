#pragma once
// What the OS says about a process tree: every process and thread, its CPU time
// (/proc/PID/task/TID/schedstat, nanoseconds) and scheduler state (.../stat). Read by LoopLab
// itself, not by the probe, so it also covers worker processes and threads the probe cannot see.
#include <cstdint>
#include <string>
#include <vector>

namespace looplab::labs::python {

struct ThreadSample {
    int pid = 0;
    int tid = 0;
    char state = '?'; // R running/runnable, S sleeping, D disk, Z zombie...
    uint64_t cpuNs = 0;
    std::string comm;
};

// `root` and all its descendants (through /proc/PID/task/TID/children).
std::vector<int> processTree(int root);
// Every thread of those processes. Processes that vanish meanwhile are skipped.
std::vector<ThreadSample> sampleThreads(const std::vector<int>& pids);

// The machine's CPU time (all cores, busy = not idle/iowait) in ns, from /proc/stat.
struct MachineCpu {
    uint64_t busyNs = 0;
    uint64_t totalNs = 0;
};
MachineCpu machineCpu();
int onlineCores();

} // namespace looplab::labs::python

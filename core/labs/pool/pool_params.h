#pragma once
// The pool lab's parameters as plain values (read once from the validated LabConfig).
#include "scenario/scenario.h"

namespace looplab::labs::pool {

enum class GilMode { CPython, FreeThreaded, Native };
enum class TaskKind { Cpu, Io, Mixed };

struct PoolParams {
    bool processes = false;
    int workers = 4;
    GilMode gil = GilMode::CPython;
    double switchIntervalMs = 5;
    TaskKind task = TaskKind::Cpu;
    double taskMs = 20;
    double ioShare = 0.5;
    int tasks = 100;
    double arrivalPerS = 0;
    bool spawnPerTask = false;
    double payloadKb = 0;
    double probeEveryMs = 0;

    static PoolParams from(const scenario::LabConfig& config);
    double cpuMs() const; // CPU part of a task (scenario ms, not yet time-scaled)
    double ioMs() const;  // I/O part
    bool usesGil() const { return !processes && gil == GilMode::CPython; }
    bool stream() const { return arrivalPerS > 0; }
};

} // namespace looplab::labs::pool

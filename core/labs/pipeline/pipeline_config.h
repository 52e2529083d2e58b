#pragma once
// The pipeline lab's parameters, read from a validated LabConfig into plain values, and the
// kind's public parameter contract (names are the issue's: mode, source{...}, stages[...],
// shutdown).
#include "item_store.h"
#include "pyrt/interpreter.h"
#include "scenario/param_spec.h"
#include "scenario/scenario.h"

#include <QString>

#include <vector>

namespace looplab::pipeline {

// Processes: thread mode's producers and queues, with every consumer a worker process fed over a
// pipe (multiprocessing.Queue).
enum class Mode { Threads, Async, Processes };
enum class Arrival { Fixed, Poisson, Burst };
enum class ServiceDist { Fixed, Exponential };
enum class Shutdown { Sentinel, Join };

struct SourceConfig {
    int producers = 1;
    double ratePerS = 10; // the whole source's rate, shared evenly by the producers (0: no pause)
    Arrival arrival = Arrival::Fixed;
    int burstSize = 10; // burst: items per burst (whole source)
    double burstEveryMs = 1000;
    qint64 items = 0; // 0: endless
};

struct StageConfig {
    QString name;
    int workers = 1;
    double cpuMs = 0; // CPU a worker burns per item before its service wait ("Python code" by default)
    pyrt::CodeKind code = pyrt::CodeKind::Python;
    double serviceMs = 100; // the worker's I/O wait per item (a sleep)
    ServiceDist dist = ServiceDist::Fixed;
    int capacity = 10; // 0: unbounded
    Discipline discipline = Discipline::Fifo;
    int priorities = 3; // levels 0 (served first) .. priorities-1
    bool dropWhenFull = false; // on_full: "drop" (put_nowait, count queue.Full) instead of "block"
};

struct PipelineConfig {
    Mode mode = Mode::Threads;
    SourceConfig source;
    std::vector<StageConfig> stages;
    Shutdown shutdown = Shutdown::Join;
    // The emulated CPython (core/pyrt): one GIL for the lab's threads (threads mode) or its loop
    // thread (async mode); none when free-threaded.
    pyrt::Interpreter interpreter = pyrt::Interpreter::CPython;
    double switchIntervalMs = 5;

    // Throws std::invalid_argument for what the spec cannot express (duplicate or unusable
    // stage names: they prefix the metric names).
    static PipelineConfig fromLab(const scenario::LabConfig& lab);
};

scenario::KindSpec makePipelineKindSpec();

} // namespace looplab::pipeline

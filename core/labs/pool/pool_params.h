#pragma once
// The pool lab's parameters as plain values (read once from the validated LabConfig).
#include "scenario/scenario.h"

#include <vector>

namespace looplab::labs::pool {

enum class GilMode { CPython, FreeThreaded, Native };
enum class TaskKind { Cpu, Io, Mixed };
enum class LockMode { None, Coarse, Fine }; // threading.Lock around the shared count
// How the caller gets the results back: submit + as_completed, or multiprocessing.Pool's map,
// imap, imap_unordered. It changes when a result reaches the caller, not how tasks run.
enum class ResultApi { Submit, Map, Imap, ImapUnordered };
// threading's other primitives, each contended by the pool's threads (pool_sync.cpp).
enum class SyncMode { None, RLock, Event, Condition, Semaphore, Deadlock };

struct PoolParams {
    bool processes = false;
    int workers = 4;
    GilMode gil = GilMode::CPython;
    double switchIntervalMs = 5;
    TaskKind task = TaskKind::Cpu;
    double taskMs = 20;
    // Tasks of different sizes (the course's fib(30..34)): task i takes taskSizesMs[i % n]
    // instead of taskMs. Empty: every task takes taskMs.
    std::vector<double> taskSizesMs;
    double ioShare = 0.5;
    int tasks = 100;
    double arrivalPerS = 0;
    bool spawnPerTask = false;
    double payloadKb = 0;
    double probeEveryMs = 0;
    // The lock-granularity lesson (threads only): tasks that update one shared `count`.
    LockMode lock = LockMode::None;
    int iterations = 0; // rounds per task; 0: plain tasks (1 when a lock is chosen)
    double criticalMs = 1; // work between reading count and writing count + 1
    ResultApi api = ResultApi::Submit;
    // threading beyond one Lock (threads only): RLock, Event, Condition, Semaphore, a deadlock.
    SyncMode sync = SyncMode::None;
    int rlockDepth = 2; // rlock: how many times each task's recursion takes the RLock
    double eventDelayMs = 1000; // event: the starter thread calls event.set() this long after the start
    int bufferSize = 5; // condition: the bounded buffer's capacity
    double produceMs = 100; // condition: the producer's time per item (time.sleep)
    int semaphoreValue = 3; // semaphore: threading.Semaphore(k)

    static PoolParams from(const scenario::LabConfig& config);
    // The sizes cycled over the tasks in submission order (one entry, taskMs, without sizes).
    std::vector<double> sizesMs() const;
    double cpuMs(double taskLenMs) const; // CPU part of a task that long (scenario ms, not yet time-scaled)
    double ioMs(double taskLenMs) const; // I/O part
    bool usesGil() const { return !processes && gil == GilMode::CPython; }
    bool stream() const { return arrivalPerS > 0; }
    // Tasks are the course's run(): rounds of a count update, then the task's own work.
    bool sharedCount() const { return !processes && !syncLesson() && (iterations > 0 || lock != LockMode::None); }
    // Tasks use one of threading's primitives (pool_sync.cpp) instead of the shared count.
    bool syncLesson() const { return !processes && sync != SyncMode::None; }
    int rounds() const { return sharedCount() ? (iterations > 0 ? iterations : 1) : 1; }
};

} // namespace looplab::labs::pool

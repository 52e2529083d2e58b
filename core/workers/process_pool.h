#pragma once
// Real worker processes (build/bin/looplab-worker), fed length-prefixed binary frames through a
// shared-memory ring each way (large payloads and hang-ups over a socket) — what
// ProcessPoolExecutor does with pickles over pipes. A worker that dies (even by kill -9) is
// reported, its task failed (or re-run), and the pool respawns it; the pool goes on.
#include <QByteArray>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace looplab::workers {

struct WorkRequest {
    double cpuMs = 0; // CPU work in the worker (already time-scaled)
    double ioMs = 0; // a sleep in the worker (already time-scaled)
    uint32_t replyBytes = 0;
    QByteArray payload; // sent to the worker: the "pickled arguments"
};

struct WorkReply {
    bool ok = false;
    QString error; // when !ok: "worker 1234 died (signal 9)"
    int worker = -1; // worker slot
    int64_t pid = 0;
    int64_t sentNs = 0; // steady clock, parent side
    int64_t startedNs = 0; // steady clock, worker side (same machine clock)
    int64_t finishedNs = 0; // worker side
    int64_t receivedNs = 0; // parent side
    int64_t cpuDoneNs = 0; // worker side: CPU part done, I/O part starts
    int64_t workerCpuNs = 0; // the worker process's CPU time so far (its own clock)
    int pendingOnWorker = 0; // requests still written to this worker, not yet answered (pipelining)
    QByteArray payload; // replyBytes of data back
};

struct ProcessPoolOptions {
    int workers = 2;
    QString executable; // looplab-worker path
    bool retryOnCrash = false; // re-run a task whose worker died (else it fails)
    // Requests written ahead to one worker (pipelining: the next one is already in its pipe when
    // it finishes). 1 = strictly one at a time, like a blocking call per worker. More hides the
    // round trip for tiny tasks but lets a long task hold up the ones queued behind it.
    int maxInFlightPerWorker = 2;
    // Called on the I/O thread when a worker died and was replaced (newPid 0: respawn failed).
    std::function<void(int slot, int64_t oldPid, int64_t newPid, const QString& why)> onRestart;
};

// What the OS says about one worker process.
struct WorkerUsage {
    int64_t pid = 0;
    int64_t cpuNs = 0; // this slot's CPU time, all its processes so far (/proc/PID/schedstat + reaped ones)
    int64_t rssBytes = 0; // resident memory of the live process (/proc/PID/statm)
};

class ProcessPool
{
public:
    explicit ProcessPool(ProcessPoolOptions options);
    ~ProcessPool(); // kills and reaps every worker; queued and running tasks are dropped without a callback

    // Thread-safe. `done` runs on one of the pool's I/O threads; keep it short, and do not destroy
    // the pool from it. Throws std::runtime_error from the constructor when no worker can start.
    void submit(WorkRequest request, std::function<void(WorkReply)> done);

    // Submits and waits for the reply, like executor.submit(fn).result(): thread-safe, blocking.
    // When a worker is idle (and the payloads fit its ring) the caller reads its own reply from
    // that worker's ring, spinning briefly then blocking, instead of being woken by the I/O
    // thread. A worker that dies fails the call (or re-runs it: retryOnCrash). When `cancel`
    // becomes true (checked every 20 ms) it returns a failed reply at once; the task may still run.
    WorkReply call(WorkRequest request, const std::atomic<bool>* cancel = nullptr);

    // call()s whose caller read its reply from its worker's ring (the others waited for the I/O thread).
    int64_t callsReadByCaller() const;

    int workers() const;
    int restarts() const; // workers respawned after dying
    int64_t workerPid(int slot) const;
    // Waits until every worker process has started and answered a hello (or the timeout).
    bool waitReady(int timeoutMs);

    WorkerUsage usage(int slot) const; // reads /proc: call it a few times a second, not per task
    int queued() const; // submitted, not yet written to a worker
    int inFlight() const; // written to a worker, no reply yet

    // spawn_per_task: start a fresh worker for one request, wait for its reply, reap it (blocking,
    // any thread). `sentNs` includes the spawn, so the reply shows what a pool saves.
    // `cpuNs` (optional) receives the child's CPU time from wait4(). When `cancel` becomes true the
    // child is killed and a failed reply returned (checked every 20 ms).
    static WorkReply runOnce(const QString& executable, const WorkRequest& request, int64_t* cpuNs = nullptr,
        const std::atomic<bool>* cancel = nullptr);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace looplab::workers

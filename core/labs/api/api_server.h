#pragma once
// The builtin service: HTTP/1.1 on 127.0.0.1 (a free port), its own thread running core/aio's
// asyncio loop, one coroutine per request on that loop — the shape of uvicorn + FastAPI. Middleware
// in order: rate limit (429 + Retry-After), cache (GET /items/{id}), then the handler with its work
// and the DB pool (aio::ResourcePool; 503 when no connection frees up in time).
// The server is Python: under interpreter "cpython" its loop thread holds the lab's one GIL
// (core/pyrt) for every pass of the loop, and `offload: to_thread` runs the handler on executor
// threads that take the same GIL, so Python CPU work offloaded to threads still shares one core.
// `offload: to_process` (run_in_executor with a ProcessPoolExecutor) sends it to real worker
// processes (core/workers), each its own interpreter: outside this GIL, on as many cores as there are.
//
// Why not QHttpServer: in Qt 6.4 its QFuture handlers run on a thread pool rather than the
// server's loop, and per-request control of the connection (keep-alive, ordering while a
// handler is suspended) is not exposed; a small server on QTcpServer keeps the whole request
// on the loop, which is the lesson.
#include "api_config.h"
#include "metrics/registry.h"
#include "pyrt/gil.h"

#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

namespace looplab::labs::api {

// What a client may hold of the server (issue 17): a hostile or broken client gets a counted
// error and a closed connection, never unbounded memory or a slot forever. The defaults are the
// documented limits; tests shorten the timeouts.
struct ServerLimits {
    // Open connections; one more is answered 503 and closed. Above the load generator's own
    // maximum (1000), so no lab setting meets it.
    int maxConnections = 1024;
    // A request (headers and body) must arrive within this from its first byte, else 408 and
    // close: slowloris.
    int requestTimeoutMs = 10'000;
    // A keep-alive connection with nothing to do is closed after this (not an error).
    int idleTimeoutMs = 60'000;
    // Bytes read but not yet handled, per connection (a pipelined request waits while one is
    // handled) and of all connections together; past either the connection is closed.
    size_t maxConnectionInput = 2 * 1024 * 1024;
    size_t maxBufferedInput = 64 * 1024 * 1024;
    // Answers written but not yet taken by the client (it pipelines and never reads).
    size_t maxUnsentBytes = 1024 * 1024;
};

// Where the server records what it does (ids from the run's registry).
struct ServerIds {
    metrics::SeriesId tokenLevel = 0, dbBusy = 0, dbWaiting = 0, cacheHitRatio = 0, cacheHits = 0, cacheMisses = 0,
                      serverInflight = 0;
    metrics::HistogramId lag = 0, dbWait = 0;
    metrics::LaneId loopLane = 0;
    metrics::LaneId gilLane = 0; // "GIL (emulated)": who holds the lab's GIL (interpreter cpython)
    std::vector<metrics::LaneId> dbLanes; // one per pool connection
    std::vector<metrics::LaneId> executorLanes; // one per to_thread worker
    std::vector<metrics::LaneId> processLanes; // one per to_process worker process
    metrics::MarkId slowCallback = 0;
    bool valid = false; // false: record nothing (unit tests of the server alone)
};

// Totals, readable from any thread.
struct ServerCounters {
    std::atomic<uint64_t> requests{0};
    std::atomic<uint64_t> responses2xx{0};
    std::atomic<uint64_t> rejected{0}; // 429
    std::atomic<uint64_t> unavailable{0}; // 503
    std::atomic<uint64_t> cacheHits{0};
    std::atomic<uint64_t> cacheMisses{0};
    std::atomic<uint64_t> dbTimeouts{0};
    std::atomic<uint64_t> slowCallbacks{0};
    // CPU time the handlers' work used, on the OS's per-thread clocks (loop and executor threads;
    // for to_process, the worker processes' own clocks, added when the pool stops).
    std::atomic<int64_t> handlerCpuNs{0};
    std::atomic<int> workerRestarts{0}; // to_process: worker processes that died and were replaced
    // Protocol errors (ServerLimits and the request parser), each closing its connection;
    // protocolErrors is their sum.
    std::atomic<uint64_t> protocolErrors{0};
    std::atomic<uint64_t> badRequests{0}; // 400, 413, 431, 501, 505 from the parser
    std::atomic<uint64_t> refusedConnections{0}; // 503: maxConnections reached
    std::atomic<uint64_t> requestTimeouts{0}; // 408: requestTimeoutMs passed mid-request
    std::atomic<uint64_t> overflows{0}; // input or unsent-answer limits
    std::atomic<int> openConnections{0};
};

class ServerLoop;

class ApiServer
{
public:
    // `config` is already scaled by the time scale.
    ApiServer(const ServerConfig& config, metrics::Registry* registry, ServerIds ids, uint64_t seed);
    ~ApiServer();

    // Starts the thread, listens on 127.0.0.1 (port 0: any free one) and returns the port.
    // Throws std::runtime_error when it cannot listen.
    quint16 start(quint16 port = 0);
    void setLimits(const ServerLimits& limits) { m_limits = limits; } // before start()
    // Cancels every waiting coroutine, drains them, closes connections and joins the thread.
    void stop();

    const ServerCounters& counters() const { return m_counters; }
    // The lab's GIL (nullptr: free-threaded) and the loop thread's place on it: valid after stop().
    const pyrt::Gil* gil() const { return m_gil.get(); }
    const pyrt::GilThread& loopGilThread() const { return m_loopGil; }
    quint16 port() const { return m_port; }

    // Live parameter changes (any thread); they take effect on the loop.
    void setHandler(double handlerMs, bool blocking, Offload offload, pyrt::CodeKind code);
    void setRateLimit(double ratePerS, int burst);
    void setQueryMs(double queryMs);

    // to_thread pool size when not set: asyncio's default executor, min(32, cores + 4).
    static int executorThreads();

private:
    ServerConfig m_config;
    metrics::Registry* m_registry;
    ServerIds m_ids;
    uint64_t m_seed;
    ServerCounters m_counters;
    ServerLimits m_limits;
    std::unique_ptr<pyrt::Gil> m_gil; // one per lab (CPython); outlives the loop for metrics
    pyrt::GilThread m_loopGil;
    QThread m_thread;
    ServerLoop* m_loop = nullptr;
    quint16 m_port = 0;
};

} // namespace looplab::labs::api

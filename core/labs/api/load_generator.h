#pragma once
// The load generator: its own thread running its own event loop (epoll), keep-alive connections
// and a minimal HTTP/1.1 client, like wrk. Two models:
//   open   — Poisson arrivals at rate_per_s whatever the server does; latency is counted from the
//            intended send time, so a stalled server cannot hide its delay (no coordinated omission);
//   closed — `users` that each send, wait for the answer, think, and send again.
// Requests beyond the free connections wait in the generator, and that wait is part of their
// latency. A request not answered timeout_ms after its intended time is a timeout (its
// connection is dropped: HTTP/1.1 cannot cancel a request otherwise).
// A hostile or broken server cannot hang or bloat it: answers are parsed with overflow-safe
// limits (http_message.h), one answer is buffered up to kMaxResponseBytes and all connections
// together up to kMaxBufferedBytes; past a limit the connection is closed and the request counts
// as an error and a protocol error.
// Why not core/aio: the generator is the client (wrk, in C), not Python, and no coroutine runs on
// it. Its loop is one epoll_pwait2 with a nanosecond timeout to the next due moment (a Poisson
// arrival, a closed-model user's think time, a request's timeout, the 10 ms flush): open-loop
// pacing that aio's whole-millisecond timers would round, on a thread the GIL must not touch.
#include "api_config.h"
#include "metrics/registry.h"

#include <atomic>
#include <memory>
#include <thread>

namespace looplab::labs::api {

struct LoadIds {
    metrics::SeriesId offered = 0, served = 0, rejected = 0, clientError = 0, serverError = 0, error = 0, timeout = 0,
                      inflight = 0, queued = 0;
    metrics::HistogramId latency = 0;
    bool valid = false;
};

// Totals, readable from any thread while it runs.
struct LoadCounters {
    std::atomic<uint64_t> arrivals{0}; // requests the model wanted to send (offered)
    std::atomic<uint64_t> sent{0}; // written to a connection
    std::atomic<uint64_t> completed{0}; // answered with any status
    std::atomic<uint64_t> served{0}; // 2xx/3xx
    std::atomic<uint64_t> rejected{0}; // 429
    std::atomic<uint64_t> clientErrors{0}; // other 4xx
    std::atomic<uint64_t> serverErrors{0}; // 5xx
    std::atomic<uint64_t> errors{0}; // connect/reset/malformed: no HTTP answer
    std::atomic<uint64_t> protocolErrors{0}; // of those: answers refused by the parser or a limit
    std::atomic<int> lastProtocolError{0}; // the latest one's ParseError (http_message.h)
    std::atomic<uint64_t> timeouts{0};
    std::atomic<int64_t> inflightMax{0};
    std::atomic<int64_t> startNs{0};
    std::atomic<int64_t> endNs{0}; // 0 while running
};

constexpr size_t kMaxBufferedBytes = 64 * 1024 * 1024; // unread answers of all connections together

class LoadGenerator
{
public:
    // `config` is already scaled by the time scale. The recorder is used only on the generator's
    // thread (its ring has a single producer).
    LoadGenerator(const LoadConfig& config, metrics::Recorder recorder, LoadIds ids, uint64_t seed);
    ~LoadGenerator();

    void start();
    void stop(); // wakes the loop, joins the thread; open connections are closed

    const LoadCounters& counters() const { return m_counters; }

    // Live changes (any thread).
    void setRate(double ratePerS);
    void setThinkMs(double thinkMs);

private:
    class Loop;
    LoadConfig m_config;
    metrics::Recorder m_recorder;
    LoadIds m_ids;
    uint64_t m_seed;
    LoadCounters m_counters;
    std::atomic<bool> m_stop{false};
    std::atomic<double> m_rate{0};
    std::atomic<int64_t> m_thinkNs{0};
    std::atomic<bool> m_rateChanged{false};
    int m_wakeFd = -1;
    std::thread m_thread;
};

} // namespace looplab::labs::api

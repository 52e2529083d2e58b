#pragma once
// The lab's event loop: an aio::Loop (core/aio) on its own Qt thread running QCoro coroutines, like
// an asyncio service that answers search requests. It prepares the data and the index in the
// background (the loop keeps running meanwhile), then runs the traffic — Poisson arrivals or
// closed-loop clients — while aio::LagProbe measures how late the loop is, the same probe and the
// same definition as every other lab. Every query goes through SearchService. Under the emulated
// CPython (interpreter "cpython", core/pyrt) the loop thread holds the GIL while it runs a pass;
// FAISS releases it while it searches.
#include "aio/loop.h"
#include "engine/lab.h"
#include "pyrt/gil.h"
#include "recall.h"
#include "search_config.h"
#include "search_instruments.h"
#include "search_state.h"

#include <QThreadPool>
#include <qcoro/qcorotask.h>

#include <atomic>
#include <deque>
#include <memory>

namespace looplab::labs::search {

class SearchBackend;
class SearchService;
class NvmlProbe;
struct Dataset;

// Live parameter values, written by the engine thread, read by the loop.
struct LiveParams {
    std::atomic<double> queryRatePerS{200};
    std::atomic<int> nprobe{8};
    std::atomic<int> efSearch{64};
    std::atomic<int> maxBatch{32};
    std::atomic<double> maxWaitMs{2};
};

// Driven by the lab's aio::LoopThread: begin, stopping and finished are its hooks, lagSample
// its lag sink; all run on the loop thread.
class SearchLoop
{
public:
    SearchLoop(const SearchConfig& config, const engine::LabContext& ctx, const Instruments& instruments,
        std::shared_ptr<SearchState> state, std::shared_ptr<LiveParams> live, bool useCuda, QString fallbackNote);
    ~SearchLoop();

    // Raised by the engine thread at stop: the build gives up between chunks.
    std::atomic<bool> cancel{false};

    void begin(aio::Loop& loop); // starts the lab's main coroutine
    void stopping(); // before the loop's stop(): end the traffic, cancel the queued searches
    void finished(); // every coroutine has returned: free what they used
    // Each lag sample (aio::LagProbe) also samples the gauges the window plots.
    void lagSample(int64_t lagNs, int64_t atNs);

private:
    struct Prepared;
    static std::shared_ptr<Prepared> prepare(
        SearchConfig config, bool useCuda, SearchState* state, const std::atomic<bool>* cancel, Instruments ins);

    QCoro::Task<> run();
    QCoro::Task<> poissonTraffic();
    QCoro::Task<> client();
    QCoro::Task<> query(int64_t number, int64_t arrivalNs);
    void applyLive();
    void setServingStatus();

    SearchConfig m_config;
    engine::LabContext m_ctx;
    Instruments m_ins;
    std::shared_ptr<SearchState> m_state;
    std::shared_ptr<LiveParams> m_live;
    bool m_useCuda;
    QString m_fallbackNote;
    metrics::Recorder m_rec; // the loop thread's ring

    QThreadPool m_buildPool;
    std::shared_ptr<Prepared> m_prepared;
    // Made in begin() and freed in finished(), both on the loop thread; the service outlives
    // every coroutine that uses it.
    aio::Loop* m_loop = nullptr; // the LoopThread's
    std::unique_ptr<SearchService> m_service;
    std::unique_ptr<NvmlProbe> m_nvml;
    // The emulated CPython: one GIL for the loop thread and the executor (none: free-threaded).
    std::unique_ptr<pyrt::Gil> m_gil;
    pyrt::GilThread m_loopGil;
    int64_t m_lastGpuNs = 0;

    bool m_stopping = false;
    bool m_trafficDone = false; // max_queries answered: no new queries
    int m_inFlight = 0; // queries sent, not yet answered
    int64_t m_nextQuery = 0;
    // Recall over the last answers checked (for the live gauge).
    std::deque<float> m_recentRecall; // the last kRecallWindow sampled answers' recall
    int m_appliedNprobe = -1, m_appliedEf = -1, m_appliedBatch = -1;
    double m_appliedWait = -1;
};

} // namespace looplab::labs::search

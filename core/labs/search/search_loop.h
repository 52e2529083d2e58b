#pragma once
// The lab's event loop: a Qt event loop thread running QCoro coroutines, like an asyncio service
// that answers search requests. It prepares the data and the index in the background (the loop
// keeps ticking meanwhile), then runs the traffic — Poisson arrivals or closed-loop clients — and
// a heartbeat that measures how late the loop is. Every query goes through SearchService.
#include "engine/lab.h"
#include "recall.h"
#include "search_config.h"
#include "search_instruments.h"
#include "search_state.h"
#include "wakeup.h"

#include <QObject>
#include <QThreadPool>

#include <qcoro/qcorotask.h>

#include <atomic>
#include <memory>
#include <set>

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

class SearchLoop : public QObject
{
    Q_OBJECT
public:
    SearchLoop(const SearchConfig& config, const engine::LabContext& ctx, const Instruments& instruments,
               std::shared_ptr<SearchState> state, std::shared_ptr<LiveParams> live, bool useCuda,
               QString fallbackNote);
    ~SearchLoop() override;

    // Raised by the engine thread at stop: the build gives up between chunks.
    std::atomic<bool> cancel{false};

public Q_SLOTS:
    void begin();       // loop thread, once: starts the lab's main coroutine
    void requestStop(); // loop thread: end the traffic, drain, quit the thread

private:
    struct Prepared;
    static std::shared_ptr<Prepared> prepare(SearchConfig config, bool useCuda, SearchState* state,
                                             const std::atomic<bool>* cancel, Instruments ins);

    QCoro::Task<> run();
    QCoro::Task<> heartbeat();
    QCoro::Task<> poissonTraffic();
    QCoro::Task<> client();
    QCoro::Task<> query(int64_t number, int64_t arrivalNs);
    // Sleeps that stop() cuts short; false when the lab is stopping.
    QCoro::Task<bool> sleepNs(int64_t ns);
    void applyLive();
    void setServingStatus();

    struct LiveGuard;

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
    SearchService* m_service = nullptr; // lives in run()'s frame while serving
    std::unique_ptr<NvmlProbe> m_nvml;

    bool m_stopping = false;
    bool m_trafficDone = false; // max_queries answered: no new queries
    bool m_begun = false;
    int m_running = 0;       // coroutines still running (besides run())
    int m_inFlight = 0;      // queries sent, not yet answered
    int64_t m_nextQuery = 0;
    std::set<Wakeup*> m_sleepers;
    // run() waits here for stop / for the last coroutine to end. Made in begin(): its timer must
    // belong to the loop thread (members are made on the engine thread).
    std::unique_ptr<Wakeup> m_stopWake;
    // Recall over the last answers checked (for the live gauge).
    std::vector<float> m_recentRecall;
    size_t m_recentPos = 0;
    double m_recentSum = 0;
    int m_appliedNprobe = -1, m_appliedEf = -1, m_appliedBatch = -1;
    double m_appliedWait = -1;
};

} // namespace looplab::labs::search

#pragma once
// The thread an asyncio loop runs on, the same in every lab. It builds the aio::Loop and the lag
// probe inside the thread (so every QObject lives where it is used), lets the lab start its main
// coroutine, and on stop ends as asyncio.run() does: the probe stops, every sleeper and waiter is
// cancelled (Loop::stop), and Qt's events keep turning until every coroutine has returned (QCoro
// 0.8 must not resume into a dead loop) or the drain limit passes; only then is the loop freed.
#include "aio/lag_probe.h"
#include "aio/loop.h"

#include <QThread>

#include <atomic>
#include <functional>
#include <mutex>

namespace looplab::aio {

class LoopThread : public QThread
{
public:
    // Every hook runs on the loop thread.
    struct Hooks {
        LagProbe::Sink lag; // each sample of the one lag probe (kLagProbeIntervalNs)
        std::function<void(Loop&)> begin; // observers, pass hooks, the main coroutine
        std::function<void(Loop&)> stopping; // before Loop::stop(): cancel what stop() does not reach
        std::function<bool(const Loop&)> drained; // every coroutine has returned (default: no live task)
        std::function<void(Loop&)> finished; // after the drain: free what the coroutines used
        int drainLimitMs = 10'000; // < 0: wait for every coroutine however long it takes
    };

    LoopThread(const QString& name, Hooks hooks);
    ~LoopThread() override; // stops and waits
    LoopThread(const LoopThread&) = delete;
    LoopThread& operator=(const LoopThread&) = delete;

    // Any thread, any time (also before the thread has started its loop); idempotent.
    void requestStop();
    // Runs `fn` on the loop thread at its next turn; false when the loop is not running.
    bool post(std::function<void()> fn);

protected:
    void run() override;

private:
    Hooks m_hooks;
    std::mutex m_mutex; // guards m_context against requestStop()/post() from other threads
    QObject* m_context = nullptr;
    std::atomic<bool> m_stopRequested{false};
};

} // namespace looplab::aio

#include "loop_thread.h"

#include <QElapsedTimer>
#include <QEventLoop>

namespace looplab::aio {

LoopThread::LoopThread(const QString& name, Hooks hooks)
    : m_hooks(std::move(hooks))
{
    setObjectName(name);
}

LoopThread::~LoopThread()
{
    requestStop();
    wait();
}

void LoopThread::requestStop()
{
    m_stopRequested = true;
    std::lock_guard lock(m_mutex);
    if (m_context)
        QMetaObject::invokeMethod(
            m_context, [this] { quit(); }, Qt::QueuedConnection);
}

bool LoopThread::post(std::function<void()> fn)
{
    std::lock_guard lock(m_mutex);
    if (!m_context)
        return false;
    return QMetaObject::invokeMethod(m_context, std::move(fn), Qt::QueuedConnection);
}

void LoopThread::run()
{
    QObject context;
    Loop loop;
    LagProbe probe(loop, kLagProbeIntervalNs, m_hooks.lag);
    {
        std::lock_guard lock(m_mutex);
        m_context = &context;
    }
    probe.start();
    if (m_hooks.begin)
        m_hooks.begin(loop);
    // A stop asked before the context existed found nothing to post to; one asked after is
    // queued and ends exec() at its first turn.
    if (!m_stopRequested)
        exec();

    probe.stop();
    if (m_hooks.stopping)
        m_hooks.stopping(loop);
    loop.stop(); // every sleeper and waiter resumes with "stopped"
    const auto drained = [&] { return m_hooks.drained ? m_hooks.drained(loop) : loop.liveTasks() == 0; };
    QEventLoop drain;
    QElapsedTimer t;
    t.start();
    while (!drained() && (m_hooks.drainLimitMs < 0 || t.elapsed() < m_hooks.drainLimitMs))
        drain.processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    if (m_hooks.finished)
        m_hooks.finished(loop);
    {
        std::lock_guard lock(m_mutex);
        m_context = nullptr;
    }
}

} // namespace looplab::aio

#include "engine.h"

#include "app_paths.h"
#include "engine_worker.h"

namespace looplab::engine {

Engine::Engine(const LabFactory& factory, QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<looplab::scenario::Scenario>("looplab::scenario::Scenario");
    // Lab threads measure their event loops through the dispatcher's awake/aboutToBlock signals.
    // Qt's UNIX dispatcher brackets each pass exactly; the glib one does not, so threads created
    // from now on use the UNIX one (read when each thread's dispatcher is made).
    qputenv("QT_NO_GLIB", "1");
    m_thread.setObjectName(QStringLiteral("looplab-engine"));
    m_worker = new EngineWorker(*this, factory);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

Engine::~Engine()
{
    // Stop the run on its own thread (labs join their threads there), then end the thread.
    QMetaObject::invokeMethod(m_worker, &EngineWorker::stopRun, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void Engine::start(const scenario::Scenario& scenario, double durationS)
{
    m_running = true;
    ++m_startsRequested;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, scenario, durationS] { w->startRun(scenario, durationS); }, Qt::QueuedConnection);
}

void Engine::stop()
{
    QMetaObject::invokeMethod(m_worker, &EngineWorker::stopRun, Qt::QueuedConnection);
}

void Engine::setParameter(const QString& labId, const QString& path, const QJsonValue& value)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, labId, path, value] { w->setParameter(labId, path, value); }, Qt::QueuedConnection);
}

metrics::SnapshotPtr Engine::latest() const
{
    std::lock_guard lock(m_mutex);
    return m_latest;
}

std::shared_ptr<const RunResult> Engine::lastResult() const
{
    std::lock_guard lock(m_mutex);
    return m_result;
}

bool Engine::isRunning() const
{
    return m_running;
}

void Engine::publish(metrics::SnapshotPtr snapshot)
{
    {
        std::lock_guard lock(m_mutex);
        m_latest = std::move(snapshot);
    }
    // Posting never waits for the reader; the flag keeps a stalled reader's queue at one call.
    if (!m_publishNoticePending.exchange(true))
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_publishNoticePending.store(false);
                Q_EMIT snapshotPublished();
            },
            Qt::QueuedConnection);
}

void Engine::publishResult(std::shared_ptr<const RunResult> result)
{
    {
        std::lock_guard lock(m_mutex);
        m_result = std::move(result);
    }
    if (m_startsBegun.load() == m_startsRequested.load())
        m_running = false;
}

QString Engine::workerExecutable()
{
    return paths::workerExecutable();
}

} // namespace looplab::engine

#pragma once
// The engine: owns a run. Lives on its own thread; labs start their own threads under it. The GUI
// (or the headless runner) talks to it only through the thread-safe calls below and reads the
// latest immutable Snapshot; the engine never waits for its readers.
#include "lab_factory.h"
#include "metrics/snapshot.h"
#include "scenario/scenario.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <mutex>

namespace looplab::engine {

struct RunResult {
    scenario::Scenario scenario;
    metrics::Snapshot data; // the whole retained run; each lab's `metrics` is its summary
    double wallS = 0;
    QString error; // non-empty: the run failed
};

class EngineWorker;

class Engine : public QObject
{
    Q_OBJECT
public:
    explicit Engine(const LabFactory& factory, QObject* parent = nullptr);
    ~Engine() override; // stops the run and joins the engine thread

    // Thread-safe; they queue onto the engine thread and return at once.
    // durationS < 0: the scenario's duration_s.
    void start(const scenario::Scenario& scenario, double durationS = -1);
    void stop();
    void setParameter(const QString& labId, const QString& path, const QJsonValue& value);
    // Let labs reach hosts other than loopback (the API lab's load generator); off by default.
    void setAllowRemote(bool allow) { m_allowRemote = allow; }
    bool allowRemote() const { return m_allowRemote; }

    // Lock-free for practical purposes (a pointer swap under a tiny mutex); never waits for the engine.
    metrics::SnapshotPtr latest() const;
    std::shared_ptr<const RunResult> lastResult() const;
    bool isRunning() const;

    // Where looplab-worker lives: $LOOPLAB_WORKER, beside the executable, or ../lib/looplab (app_paths.h).
    static QString workerExecutable();

Q_SIGNALS:
    void started();
    void finished(); // lastResult() is ready
    void failed(const QString& message);
    void parameterApplied(const QString& labId, const QString& path, bool restarted);
    // A new snapshot is in latest(): queued to this object's thread, at most one pending (a
    // reader that is behind gets one call, then reads the newest). Lets the window paint a
    // snapshot when it arrives instead of up to a polling interval later.
    void snapshotPublished();

private:
    friend class EngineWorker;
    void publish(metrics::SnapshotPtr snapshot);
    void publishResult(std::shared_ptr<const RunResult> result);

    QThread m_thread;
    EngineWorker* m_worker = nullptr;
    mutable std::mutex m_mutex;
    metrics::SnapshotPtr m_latest;
    std::shared_ptr<const RunResult> m_result;
    std::atomic<bool> m_running{false};
    // A restart ends the old run (publishResult) after start() was called for the new one: only
    // the end of the newest start may clear m_running.
    std::atomic<uint64_t> m_startsRequested{0};
    std::atomic<uint64_t> m_startsBegun{0};
    std::atomic<bool> m_allowRemote{false};
    std::atomic<bool> m_publishNoticePending{false};
};

} // namespace looplab::engine

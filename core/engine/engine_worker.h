#pragma once
// The engine thread's side of Engine: owns the labs, the registry and the collector of one run.
#include "engine.h"
#include "lab.h"
#include "metrics/collector.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace looplab::engine {

class EngineWorker : public QObject
{
    Q_OBJECT
public:
    EngineWorker(Engine& engine, const LabFactory& factory);
    ~EngineWorker() override;

public Q_SLOTS:
    void startRun(const looplab::scenario::Scenario& scenario, double durationS);
    void stopRun();
    void setParameter(const QString& labId, const QString& path, const QJsonValue& value);
    void labFinished(int index);
    void labFailed(int index, const QString& message);

private:
    // Engine's signals are emitted in the thread the Engine lives in (the GUI's, the headless
    // runner's, a test's), never on the engine thread: a direct connection to them — QSignalSpy
    // connects directly — must not run on this thread while its owner reads it (TSan caught
    // QSignalSpy's list being appended here while the test thread polled it). Queued to the Engine,
    // so nothing is delivered once the Engine is gone.
    template <typename Fn> void emitInOwnerThread(Fn&& emitter)
    {
        QMetaObject::invokeMethod(&m_engine, std::forward<Fn>(emitter), Qt::QueuedConnection);
    }

    void tick();
    void publishSnapshot();
    void endRun(const QString& error);
    void teardown();
    std::vector<metrics::LabSnapshot> labSnapshots(int64_t now, int64_t windowNs, bool final) const;

    Engine& m_engine;
    const LabFactory& m_factory;
    scenario::Scenario m_scenario;
    double m_durationS = 0;
    std::unique_ptr<metrics::Registry> m_registry;
    std::unique_ptr<metrics::Collector> m_collector;
    std::vector<std::unique_ptr<Lab>> m_labs;
    std::vector<bool> m_labDone;
    int64_t m_startNs = 0;
    bool m_running = false;
    uint64_t m_serial = 0;
    QTimer* m_drainTimer = nullptr; // a child, so it moves to the engine thread with us
    int64_t m_nextPublishNs = 0; // metrics::nowNs() when the next snapshot is due
    // Process CPU over the last second, for the status bar.
    int64_t m_cpuMark = 0;
    int64_t m_cpuMarkWall = 0;
    double m_cpuShare = 0;
    // Last time free heap pages went back to the OS (see tick()).
    int64_t m_trimMarkWall = 0;
};

} // namespace looplab::engine

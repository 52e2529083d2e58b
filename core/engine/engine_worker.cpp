#include "engine_worker.h"

#include "scenario/scenario_loader.h"

#include <QDebug>
#include <QFileInfo>
#include <QPointer>

#include <sys/resource.h>

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace looplab::engine {

namespace {
constexpr int kDrainIntervalMs = 10;
// 30 snapshots a second; the UI pulls the latest. Published on a schedule (the next one is due
// 1/30 s after the last one was *due*), not "33 ms after the last one": with a 10 ms drain tick
// the latter published at 40 ms, 25 a second (issue 18's bench saw 25.0 fps where it asked for 30).
constexpr int64_t kPublishIntervalNs = 1'000'000'000 / 30;
constexpr int64_t kLiveWindowNs = 60'000'000'000; // the live charts show the last minute

int64_t processCpuNs()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return (int64_t(ru.ru_utime.tv_sec) + ru.ru_stime.tv_sec) * 1'000'000'000
        + (int64_t(ru.ru_utime.tv_usec) + ru.ru_stime.tv_usec) * 1000;
}
} // namespace

EngineWorker::EngineWorker(Engine& engine, const LabFactory& factory)
    : m_engine(engine)
    , m_factory(factory)
{
    m_drainTimer = new QTimer(this);
    m_drainTimer->setTimerType(Qt::PreciseTimer);
    m_drainTimer->setInterval(kDrainIntervalMs);
    connect(m_drainTimer, &QTimer::timeout, this, &EngineWorker::tick);
}

EngineWorker::~EngineWorker()
{
    teardown();
}

void EngineWorker::startRun(const scenario::Scenario& scenario, double durationS)
{
    if (m_running)
        endRun({}); // a start while running restarts
    ++m_engine.m_startsBegun; // from here on, this run's end is the one that counts
    teardown();

    m_scenario = scenario;
    m_durationS = (durationS >= 0 ? durationS : scenario.durationS) * std::max(scenario.timeScale, 1e-9);
    m_registry = std::make_unique<metrics::Registry>();
    m_startNs = metrics::nowNs();
    m_collector = std::make_unique<metrics::Collector>(*m_registry, m_startNs);
    m_labDone.assign(scenario.labs.size(), false);
    m_cpuMark = processCpuNs();
    m_cpuMarkWall = m_startNs;
    m_trimMarkWall = m_startNs;
    m_running = true;

    QString error;
    for (size_t i = 0; i < scenario.labs.size(); ++i) {
        const auto& config = scenario.labs[i];
        try {
            auto lab = m_factory.create(config);
            if (!lab)
                throw std::runtime_error("unknown lab kind " + config.kind.toStdString());
            LabContext ctx;
            ctx.index = int(i);
            ctx.id = config.id;
            ctx.registry = m_registry.get();
            ctx.runStartNs = m_startNs;
            ctx.timeScale = scenario.timeScale;
            ctx.seed = quint64(scenario.seed);
            ctx.workerExecutable = Engine::workerExecutable();
            ctx.scenarioDir = scenario.sourcePath.isEmpty() ? QString() : QFileInfo(scenario.sourcePath).absolutePath();
            ctx.allowRemote = m_engine.allowRemote();
            const int index = int(i);
            QPointer<EngineWorker> self(this);
            ctx.finished = [self, index] {
                if (self)
                    QMetaObject::invokeMethod(
                        self,
                        [self, index] {
                            if (self)
                                self->labFinished(index);
                        },
                        Qt::QueuedConnection);
            };
            ctx.failed = [self, index](const QString& message) {
                if (self)
                    QMetaObject::invokeMethod(
                        self,
                        [self, index, message] {
                            if (self)
                                self->labFailed(index, message);
                        },
                        Qt::QueuedConnection);
            };
            m_labs.push_back(std::move(lab));
            m_labs.back()->start(ctx);
        } catch (const std::exception& e) {
            error = QStringLiteral("lab %1 (%2) could not start: %3")
                        .arg(config.id, config.kind, QString::fromUtf8(e.what()));
            break;
        }
    }
    if (!error.isEmpty()) {
        endRun(error);
        return;
    }
    m_nextPublishNs = metrics::nowNs() + kPublishIntervalNs;
    m_drainTimer->start();
    publishSnapshot();
    emitInOwnerThread([e = &m_engine] { Q_EMIT e->started(); });
}

void EngineWorker::stopRun()
{
    if (m_running)
        endRun({});
}

void EngineWorker::setParameter(const QString& labId, const QString& path, const QJsonValue& value)
{
    if (auto err = scenario::setParameter(m_scenario, labId, path, value, m_factory)) {
        qWarning().noquote() << "parameter rejected:" << err->toString();
        return;
    }
    if (!m_running) {
        emitInOwnerThread([e = &m_engine, labId, path] { Q_EMIT e->parameterApplied(labId, path, false); });
        return;
    }
    bool restart = true;
    int labIndex = 0;
    for (size_t i = 0; i < m_labs.size(); ++i)
        if (m_scenario.labs[i].id == labId) {
            labIndex = int(i);
            restart = m_labs[i]->applyParameter(path, value) == ParameterChange::NeedsRestart;
        }
    if (restart) {
        // The lab cannot take the new value live: run the (edited) scenario again.
        const auto sc = m_scenario;
        const double d = m_durationS / std::max(sc.timeScale, 1e-9);
        ++m_engine.m_startsRequested; // a start of our own: the run stays "running" across it
        endRun({});
        startRun(sc, d);
    } else {
        // A mark on the edited lab's charts that says what changed: "parameter:PATH" with the new
        // value as the mark's value, or "parameter:PATH=TEXT" for a value that is not a number.
        QString name = QStringLiteral("parameter:") + path;
        double markValue = 0;
        if (value.isDouble())
            markValue = value.toDouble();
        else if (value.isBool())
            name += value.toBool() ? QStringLiteral("=true") : QStringLiteral("=false");
        else if (value.isString())
            name += QLatin1Char('=') + value.toString();
        m_registry->local().mark(m_registry->addMark({labIndex, name}), markValue);
    }
    emitInOwnerThread([e = &m_engine, labId, path, restart] { Q_EMIT e->parameterApplied(labId, path, restart); });
}

void EngineWorker::labFinished(int index)
{
    if (!m_running || index < 0 || size_t(index) >= m_labDone.size())
        return;
    m_labDone[size_t(index)] = true;
    if (std::all_of(m_labDone.begin(), m_labDone.end(), [](bool b) { return b; }))
        endRun({});
}

void EngineWorker::labFailed(int index, const QString& message)
{
    if (!m_running)
        return;
    const QString id = size_t(index) < m_scenario.labs.size() ? m_scenario.labs[size_t(index)].id : QString();
    endRun(QStringLiteral("lab %1 failed: %2").arg(id, message));
}

void EngineWorker::tick()
{
    if (!m_running)
        return;
    m_collector->drain();
    const int64_t now = metrics::nowNs();
    if (now - m_cpuMarkWall >= 1'000'000'000) {
        const int64_t cpu = processCpuNs();
        m_cpuShare = double(cpu - m_cpuMark) / double(now - m_cpuMarkWall);
        m_cpuMark = cpu;
        m_cpuMarkWall = now;
    }
    if (now >= m_nextPublishNs) {
        // A late tick (the thread was starved) publishes once and starts the schedule again.
        m_nextPublishNs = std::max(m_nextPublishNs + kPublishIntervalNs, now - kPublishIntervalNs / 2);
        publishSnapshot();
    }
#ifdef __GLIBC__
    // Snapshots are built here and freed on the GUI thread, series are re-packed when their
    // resolution halves: the live heap stays flat over a long run, but glibc keeps the freed pages
    // in its arenas, and RSS crept up by ~7 MB over 30 minutes of the soak while the heap in use
    // fell. Every 30 s, hand the free pages back (malloc_trim also madvises free pages inside the
    // heap, not only its top). It costs a few ms on this thread, never on a lab's.
    if (now - m_trimMarkWall >= 30'000'000'000) {
        m_trimMarkWall = now;
        malloc_trim(0);
    }
#endif
    if (double(now - m_startNs) * 1e-9 >= m_durationS)
        endRun({});
}

std::vector<metrics::LabSnapshot> EngineWorker::labSnapshots(int64_t now, int64_t windowNs, bool final) const
{
    std::vector<metrics::LabSnapshot> labs(m_scenario.labs.size());
    for (size_t i = 0; i < labs.size(); ++i) {
        labs[i].id = m_scenario.labs[i].id;
        labs[i].kind = m_scenario.labs[i].kind;
    }
    m_collector->fill(labs, now, windowNs);
    for (size_t i = 0; i < labs.size() && i < m_labs.size(); ++i) {
        labs[i].metrics = m_labs[i]->metrics(labs[i]);
        labs[i].status = m_labs[i]->status();
    }
    Q_UNUSED(final);
    return labs;
}

void EngineWorker::publishSnapshot()
{
    auto snap = std::make_shared<metrics::Snapshot>();
    const int64_t now = metrics::nowNs();
    snap->serial = ++m_serial;
    snap->state = metrics::RunState::Running;
    snap->elapsedNs = now - m_startNs;
    snap->timeScale = m_scenario.timeScale;
    snap->eventsRecorded = m_registry->recordedEvents();
    snap->eventsDropped = m_registry->droppedEvents();
    snap->eventsCollected = m_collector->eventsCollected();
    snap->engineCpuShare = m_cpuShare;
    snap->labs = labSnapshots(now, kLiveWindowNs, false);
    m_engine.publish(std::move(snap));
}

void EngineWorker::endRun(const QString& error)
{
    if (!m_running)
        return;
    m_running = false;
    m_drainTimer->stop();
    // Stop every lab first (they join their threads), then take the last events.
    for (auto& lab : m_labs)
        lab->stop();
    const int64_t now = metrics::nowNs();
    m_collector->finish(now);

    auto result = std::make_shared<RunResult>();
    result->scenario = m_scenario;
    result->error = error;
    result->wallS = double(now - m_startNs) * 1e-9;
    auto& data = result->data;
    data.serial = ++m_serial;
    data.state = error.isEmpty() ? metrics::RunState::Finished : metrics::RunState::Failed;
    data.elapsedNs = now - m_startNs;
    data.timeScale = m_scenario.timeScale;
    data.eventsRecorded = m_registry->recordedEvents();
    data.eventsDropped = m_registry->droppedEvents();
    data.eventsCollected = m_collector->eventsCollected();
    data.engineCpuShare = m_cpuShare;
    data.labs = labSnapshots(now, 0, true);

    // The last live picture is the final one, so the window shows the end state.
    auto last = std::make_shared<metrics::Snapshot>(data);
    m_engine.publish(last);
    m_engine.publishResult(result);
    if (error.isEmpty())
        emitInOwnerThread([e = &m_engine] { Q_EMIT e->finished(); });
    else
        emitInOwnerThread([e = &m_engine, error] { Q_EMIT e->failed(error); });
    teardown();
}

void EngineWorker::teardown()
{
    for (auto& lab : m_labs)
        lab->stop();
    m_labs.clear();
    m_collector.reset();
    m_registry.reset();
}

} // namespace looplab::engine

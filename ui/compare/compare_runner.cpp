#include "compare_runner.h"

#include <QCoreApplication>

namespace looplab::ui::compare {

CompareRunner::CompareRunner(const engine::LabFactory& factory, QObject* parent)
    : QObject(parent)
    , m_factory(factory)
{
    m_poll.setInterval(200);
    connect(&m_poll, &QTimer::timeout, this, &CompareRunner::poll);
}

CompareRunner::~CompareRunner() = default; // ~Engine stops the run and joins its thread

QString CompareRunner::start(const CompareSetup& setup)
{
    if (isRunning())
        return tr("a comparison is already running");
    for (int which = 0; which < 2; ++which) {
        auto sc = variantScenario(setup, which, m_factory);
        if (auto* e = std::get_if<scenario::ScenarioError>(&sc)) {
            const QString what = e->path.isEmpty() ? e->message : QStringLiteral("%1: %2").arg(e->path, e->message);
            return (which == 0 ? tr("value A: %1") : tr("value B: %1")).arg(what);
        }
        m_scenarios[size_t(which)] = std::get<scenario::Scenario>(sc);
    }
    m_setup = setup;
    m_results = {};
    m_stopping = false;
    runVariant(0);
    return {};
}

void CompareRunner::stop()
{
    if (!isRunning() || m_stopping)
        return;
    m_stopping = true;
    m_engine->stop();
}

void CompareRunner::runVariant(int which)
{
    m_current = which;
    // A fresh engine per variant: nothing (threads, worker processes, caches) carries over from A to B.
    m_engine = std::make_unique<engine::Engine>(m_factory);
    m_engine->setAllowRemote(m_allowRemote);
    connect(m_engine.get(), &engine::Engine::finished, this, &CompareRunner::onEnded);
    connect(m_engine.get(), &engine::Engine::failed, this, &CompareRunner::onEnded);
    m_engine->start(m_scenarios[size_t(which)]);
    m_poll.start();
    Q_EMIT progress(which, 0, m_scenarios[size_t(which)].durationS * m_scenarios[size_t(which)].timeScale);
}

void CompareRunner::poll()
{
    if (!m_engine || m_current < 0)
        return;
    const auto snap = m_engine->latest();
    const auto& sc = m_scenarios[size_t(m_current)];
    Q_EMIT progress(m_current, snap ? double(snap->elapsedNs) * 1e-9 : 0.0, sc.durationS * sc.timeScale);
}

void CompareRunner::onEnded()
{
    m_poll.stop();
    const int which = m_current;
    auto result = m_engine->lastResult();
    // The engine is deleted later: we are inside its signal.
    QObject::disconnect(m_engine.get(), nullptr, this, nullptr);
    engine::Engine* old = m_engine.release();
    old->setParent(this); // deleted with the runner if the event loop never gets to it
    old->deleteLater();
    if (m_stopping) {
        m_current = -1;
        m_stopping = false;
        Q_EMIT stopped();
        return;
    }
    if (!result || !result->error.isEmpty()) {
        m_current = -1;
        const QString error = result ? result->error : tr("the run produced no result");
        Q_EMIT failed((which == 0 ? tr("run A failed: %1") : tr("run B failed: %1")).arg(error));
        return;
    }
    m_results[size_t(which)] = result;
    if (which == 0) {
        runVariant(1);
        return;
    }
    m_current = -1;
    Q_EMIT finished();
}

} // namespace looplab::ui::compare

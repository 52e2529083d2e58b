#pragma once
// Runs variant A, then variant B, each on a fresh Engine with the whole machine to itself:
// running two CPU-bound variants at the same time on a 2-core laptop would make each slow the
// other, and the comparison would measure the contention instead of the parameter.
#include "compare/compare_setup.h"
#include "engine/engine.h"

#include <QObject>
#include <QTimer>

#include <array>
#include <memory>

namespace looplab::ui::compare {

class CompareRunner : public QObject
{
    Q_OBJECT
public:
    explicit CompareRunner(const engine::LabFactory& factory, QObject* parent = nullptr);
    ~CompareRunner() override;

    // Validates both variants first (nothing runs when either value is rejected); returns the
    // loader's message, or "" when A has started.
    QString start(const CompareSetup& setup);
    void stop(); // abandons the comparison; emits stopped() once the current run has ended
    void setAllowRemote(bool allow) { m_allowRemote = allow; } // --allow-remote for both variants

    bool isRunning() const { return m_current >= 0; }
    int currentVariant() const { return m_current; } // 0 A, 1 B, -1 idle
    const CompareSetup& setup() const { return m_setup; }
    // The finished runs of the last complete comparison (nullptr before one finished).
    std::shared_ptr<const engine::RunResult> result(int which) const { return m_results[size_t(which)]; }

Q_SIGNALS:
    // About twice a second while a variant runs: its run time so far and the planned length.
    void progress(int variant, double elapsedS, double plannedS);
    void finished(); // both results are ready
    void failed(const QString& message);
    void stopped();

private:
    void runVariant(int which);
    void onEnded();
    void poll();

    const engine::LabFactory& m_factory;
    CompareSetup m_setup;
    std::array<scenario::Scenario, 2> m_scenarios;
    std::array<std::shared_ptr<const engine::RunResult>, 2> m_results;
    std::unique_ptr<engine::Engine> m_engine;
    QTimer m_poll;
    int m_current = -1;
    bool m_stopping = false;
    bool m_allowRemote = false;
};

} // namespace looplab::ui::compare

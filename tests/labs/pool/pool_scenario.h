#pragma once
// The pool tests' scenario: one pool lab with id "pool"; `params` are the lab's JSON members
// ("\"workers\": 4, ...").
#include "support/run_scenario.h"

#include <QByteArray>

namespace looplab::testing {

inline QByteArray poolScenario(const QByteArray& params, double durationS = 30, double timeScale = 1)
{
    return QByteArray(R"({"looplab": 1, "title": {"en": "pool test", "zh": "pool test"},
        "notes": {"en": "", "zh": ""}, "duration_s": )")
        + QByteArray::number(durationS) + R"(, "time_scale": )" + QByteArray::number(timeScale)
        + R"(, "seed": 7, "labs": [{"id": "pool", "kind": "pool", )" + params + "}]}";
}

// A pool of `workers` threads under `gil` (cpython | free_threaded | native) given `tasks` tasks.
inline QByteArray poolThreads(int workers, int tasks, const char* gil)
{
    return QByteArray(R"("executor": "threads", "gil": ")") + gil + R"(", "workers": )" + QByteArray::number(workers)
        + R"(, "tasks": )" + QByteArray::number(tasks);
}

// The metrics and lanes of a run of poolScenario() (lab "pool").
struct PoolRun {
    std::shared_ptr<const engine::RunResult> run;
    double operator[](const char* name) const
    {
        return metric(*run, QStringLiteral("pool"), QString::fromLatin1(name));
    }
    const metrics::LabSnapshot* lab() const { return run->data.findLab(QStringLiteral("pool")); }
    // Seconds the lanes of `group` spent in `state`.
    double laneSeconds(metrics::LaneState state, const QString& group = QStringLiteral("threads")) const
    {
        int64_t ns = 0;
        for (const auto& lane : lab()->lanes)
            if (lane.group == group)
                ns += lane.totalNs[size_t(state)];
        return double(ns) * 1e-9;
    }
    // Seconds the lane `name` (a lock's) was held; -1 when there is no such lane.
    double laneHeldSeconds(const QString& name) const
    {
        const auto* lane = lab()->findLane(name);
        return lane ? double(lane->totalNs[size_t(metrics::LaneState::Running)]) * 1e-9 : -1;
    }
};

} // namespace looplab::testing

#pragma once
// What an A/B comparison varies: one parameter of one lab of the open scenario, two values for it
// and how long each run lasts. The choices come from the kind catalog's ParamSpecs (the same specs
// the parameter editor is built from), so every value offered is one the loader accepts.
#include "scenario/scenario_loader.h"

#include <QJsonValue>
#include <QString>

#include <optional>
#include <vector>

namespace looplab::ui::compare {

// A parameter that can be compared: a scalar (number, bool, choice, text) anywhere in a lab's
// parameters, nested ones by dotted path ("server.db.pool_size", "stages[0].workers").
struct CompareParam {
    QString labId;
    QString path;
    const scenario::ParamSpec* spec = nullptr; // owned by the catalog (lives for the process)
    QJsonValue current; // the open scenario's value
    QString key() const { return labId + QLatin1Char('.') + path; }
};

std::vector<CompareParam> comparableParams(const scenario::Scenario& scenario, const scenario::KindCatalog& catalog);

struct ValuePair {
    QJsonValue a;
    QJsonValue b;
};
// Sensible defaults: a choice's first two choices, a bool's current value and its opposite, a
// number's current value and 4× it (clamped to the range; 0 becomes 1).
ValuePair defaultValues(const scenario::ParamSpec& spec, const QJsonValue& current);

// Built-in scenarios that are natural A/B pairs, keyed by file name ("pool_fib_threads.json").
// Kept here rather than in the files: the scenario format rejects unknown keys.
struct ComparePreset {
    QString labId;
    QString path;
    QJsonValue a;
    QJsonValue b;
    double durationS = 10; // scenario time
};
std::optional<ComparePreset> comparePresetFor(const QString& scenarioPath);

struct CompareSetup {
    scenario::Scenario base;
    QString labId;
    QString path;
    QJsonValue a;
    QJsonValue b;
    double durationS = 10; // scenario time of each run (× time_scale on the clock)
    // "LoopLab engine vs real CPython": B is not a variant of A but the paired python scenario
    // (cpython_pair.h); base is the LoopLab scenario, labId/path/a/b are unused and each run keeps
    // its own duration when durationS is 0 (a real program ends when it is done).
    std::optional<scenario::Scenario> cpython;

    const QJsonValue& value(int which) const { return which == 0 ? a : b; }
    // "fib.executor = threads", or "LoopLab engine" / "real CPython: gather.py"
    QString label(int which) const;
};

// The scenario variant `which` (0: A, 1: B) runs: the base with the parameter set (validated by
// the loader) and the comparison's duration.
scenario::Result<scenario::Scenario> variantScenario(
    const CompareSetup& setup, int which, const scenario::KindCatalog& catalog);

// A JSON scalar as the user would type it: threads, 8, 0.5, true.
QString valueText(const QJsonValue& value);

} // namespace looplab::ui::compare

#pragma once
// Test helper: run a scenario for real on the Engine (its own thread, the real labs) and wait
// for the result while spinning an event loop with a timeout — no sleeps.
#include "engine/engine.h"

#include <QByteArray>
#include <QStringList>

#include <memory>

namespace looplab::testing {

// Parses `json` (a whole scenario file) with the real loader, applies `overrides`
// ("ID.PARAM=VALUE"), runs it, and returns the result. Fails the current QTest (and returns
// nullptr) on a parse error or when the run does not end within `timeoutS`.
std::shared_ptr<const engine::RunResult> runScenario(
    const QByteArray& json, double timeoutS, const QStringList& overrides = {});
// Same with a file from resources/scenarios (name without directory).
std::shared_ptr<const engine::RunResult> runBuiltinScenario(
    const QString& fileName, double timeoutS, const QStringList& overrides = {});
// A lab's summary metric; fails the test when missing.
double metric(const engine::RunResult& result, const QString& labId, const QString& name);

QString sourceDir();

} // namespace looplab::testing

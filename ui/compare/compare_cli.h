#pragma once
// `looplab --headless SCENARIO --out DIR --compare LAB.PARAM=A,B [--duration S]`: the compare
// window's A/B run without a screen (offscreen, the same code), writing DIR/compare.csv and
// DIR/compare.png and printing the table.
#include "scenario/scenario.h"

#include <QJsonValue>
#include <QString>

namespace looplab::ui::compare {

struct CompareArgs {
    QString labId;
    QString path;
    QJsonValue a;
    QJsonValue b;
};
// "fib.executor=threads,processes", "api.server.db.pool_size=5,20". Values are JSON (numbers,
// true/false, "strings") or bare words taken as strings. Returns an error message, or "".
QString parseCompareArgs(const QString& text, CompareArgs& out);

// Exit codes as --headless: 0 done, 1 a run failed (or the files could not be written), 2 bad
// arguments. Needs a QApplication (offscreen works). allowRemote: --allow-remote, for both runs.
int runCompareHeadless(const scenario::Scenario& scenario, const QString& compareArg, double durationS,
    const QString& outDir, bool allowRemote = false);

// `looplab --compare-cpython SCENARIO --out DIR`: "LoopLab engine vs real CPython" for a built-in
// scenario paired in python/pairs.json (either side of the pair; the first pair of a LoopLab
// scenario that has several), the same outputs as --compare.
int runCompareCpythonHeadless(const QString& scenarioPath, const QString& outDir, bool allowRemote = false);

} // namespace looplab::ui::compare

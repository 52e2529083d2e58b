#pragma once
#include <QStringList>

namespace looplab::app {

struct HeadlessOptions {
    QString scenarioPath;
    QString outDir;
    double durationS = -1;
    QStringList overrides;
    QString reportPath;
    bool allowRemote = false;
    bool screenshot = true;
    QString compare; // "LAB.PARAM=A,B": run A then B, write compare.csv and compare.png instead
    bool compareCpython = false; // --compare-cpython: the scenario's LoopLab engine vs real CPython pair
};

// Runs a scenario without a window and writes summary.json, metrics.csv, trace.json and
// screenshot.png into outDir. Exit codes: 0 done, 1 run failed, 2 bad scenario or arguments.
int runHeadless(const HeadlessOptions& options);

} // namespace looplab::app

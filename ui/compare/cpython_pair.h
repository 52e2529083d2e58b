#pragma once
// Run → Compare A/B → "LoopLab engine vs real CPython": a built-in LoopLab scenario (A) beside the
// python scenario that runs the same course demo under /usr/bin/python3 with the probe (B). The
// pairing is resources/python/pairs.json (also what `make fidelity` runs), with the overrides
// (python_set) that make the script do what the emulation does.
#include "report/report_writer.h"
#include "scenario/scenario_loader.h"

#include <QString>

#include <vector>

namespace looplab::ui::compare {

struct CpythonPair {
    QString pythonScenario; // absolute path of resources/scenarios/python_*.json
    QString looplabScenario; // absolute path of the LoopLab scenario that emulates it
    QStringList pythonSet; // "py.args=5 2": --set overrides for the python scenario
    QStringList looplabSet; // --set overrides for the LoopLab scenario (same work as the script)
};

// Every entry of pairs.json, in its order (empty when the file is missing or unreadable).
std::vector<CpythonPair> cpythonPairs();

// The pairs a scenario file takes part in, on either side (by file name within the built-in
// folder): event_loop_gather.json has two (gather and create_task), python_gather.json one.
std::vector<CpythonPair> cpythonPairsFor(const QString& scenarioPath);

struct LoadedPair {
    scenario::Scenario looplab; // A, with looplabSet applied
    scenario::Scenario python; // B, with pythonSet applied
};
// Both scenarios loaded and validated; the loader's message on failure.
scenario::Result<LoadedPair> loadCpythonPair(const CpythonPair& pair, const scenario::KindCatalog& catalog);

// "gather.py": the course script B runs (for labels).
QString pairScriptName(const scenario::Scenario& python);

// The metrics both runs have, by summary.json name (wall_s, lag_p99_ms, lag_max_ms,
// slow_callbacks, cpu_cores_mean, gil_switches_per_s…), one lab each side, so the A/B table
// lines them up row by row: the python lab's metrics, each taken from the first LoopLab lab that
// measured it (finite). gil_switches_per_s on the LoopLab side is gil_switches / wall_s, and
// queue_depth_max the deepest of a pipeline's stage queues (STAGE.depth_max).
struct SharedMetrics {
    std::vector<report::LabSummary> looplab;
    std::vector<report::LabSummary> python;
};
SharedMetrics sharedMetrics(
    const std::vector<report::LabSummary>& looplab, const std::vector<report::LabSummary>& python);

} // namespace looplab::ui::compare

#pragma once
// The interface every lab implements. A lab is a real experiment: it starts its own threads,
// processes or event loops, records what happens through metrics::Recorder, and reports summary
// metrics computed from what was measured.
#include "metrics/registry.h"
#include "metrics/snapshot.h"
#include "scenario/scenario.h"

#include <QJsonValue>
#include <QMap>
#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace looplab::engine {

// Everything a lab gets from the engine when it starts.
struct LabContext {
    int index = 0; // lab index in the scenario: tag for every SeriesInfo/LaneInfo...
    QString id;
    metrics::Registry* registry = nullptr;
    int64_t runStartNs = 0; // steady clock, for run-relative arithmetic
    double timeScale = 1; // multiply every scenario duration by this
    quint64 seed = 1;
    QString workerExecutable; // path of looplab-worker, for labs that spawn processes
    bool allowRemote = false; // --allow-remote: labs may reach non-loopback hosts
    QString scenarioDir; // the scenario file's folder (or empty): relative paths start here
    std::function<void()> finished; // call (any thread) when the lab's batch of work is done
    std::function<void(const QString&)> failed; // call (any thread) when the lab cannot go on

    // A scenario duration in ms, stretched by the time scale, as a std::chrono duration.
    std::chrono::nanoseconds scaled(double ms) const
    {
        return std::chrono::nanoseconds(static_cast<int64_t>(ms * timeScale * 1e6));
    }
    double scaledMs(double ms) const { return ms * timeScale; }
};

enum class ParameterChange {
    Applied, // took effect live
    NeedsRestart, // the engine restarts this lab with the new value
};

class Lab
{
public:
    virtual ~Lab() = default;

    // Engine thread. Declare series/lanes/histograms in ctx.registry, start threads and return
    // quickly. Throwing std::exception fails the run with its message.
    virtual void start(const LabContext& ctx) = 0;
    // Engine thread. Stop all work, join every thread and process the lab started. After stop()
    // returns the lab records nothing more. Must be safe to call twice or without start().
    virtual void stop() = 0;

    // Engine thread, while running. Default: restart needed.
    virtual ParameterChange applyParameter(const QString& path, const QJsonValue& value)
    {
        Q_UNUSED(path);
        Q_UNUSED(value);
        return ParameterChange::NeedsRestart;
    }

    // Engine thread: headline metrics from what was collected (live while running, and once more
    // after stop() for summary.json). Flat numbers; names are listed in the lab's issue.
    virtual QMap<QString, double> metrics(const metrics::LabSnapshot& data) const = 0;
    // Optional one-line status for the window.
    virtual QString status() const { return {}; }
};

} // namespace looplab::engine

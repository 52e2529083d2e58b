#include "compare_setup.h"

#include "compare/cpython_pair.h"
#include "scenario/json_path.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace looplab::ui::compare {

using scenario::ParamSpec;
using scenario::ParamType;

namespace {

void collect(const QString& labId, const QString& prefix, const std::vector<ParamSpec>& specs,
    const QJsonObject& values, std::vector<CompareParam>& out)
{
    for (const ParamSpec& spec : specs) {
        const QString path = prefix.isEmpty() ? spec.name : prefix + QLatin1Char('.') + spec.name;
        const QJsonValue value = values.value(spec.name);
        if (value.isUndefined())
            continue; // absent optional parameters: there is no "current" to start from
        switch (spec.type) {
        case ParamType::Object:
            collect(labId, path, spec.fields, value.toObject(), out);
            break;
        case ParamType::Array: {
            const QJsonArray items = value.toArray();
            for (int i = 0; i < items.size(); ++i)
                collect(labId, QStringLiteral("%1[%2]").arg(path).arg(i), spec.fields, items.at(i).toObject(), out);
            break;
        }
        default:
            out.push_back({labId, path, &spec, value});
        }
    }
}

double clampTo(const ParamSpec& spec, double v)
{
    return std::clamp(v, std::isfinite(spec.min) ? spec.min : -1e12, std::isfinite(spec.max) ? spec.max : 1e12);
}

} // namespace

std::vector<CompareParam> comparableParams(const scenario::Scenario& scenario, const scenario::KindCatalog& catalog)
{
    std::vector<CompareParam> out;
    for (const auto& lab : scenario.labs)
        if (const scenario::KindSpec* kind = catalog.find(lab.kind))
            collect(lab.id, QString(), kind->params, lab.params, out);
    return out;
}

ValuePair defaultValues(const ParamSpec& spec, const QJsonValue& current)
{
    switch (spec.type) {
    case ParamType::Enum:
        if (spec.choices.size() >= 2)
            return {spec.choices.at(0), spec.choices.at(1)};
        return {current, current};
    case ParamType::Bool:
        return {current.toBool(), !current.toBool()};
    case ParamType::Int: {
        const double a = current.toDouble();
        return {current, int(clampTo(spec, a == 0 ? 1 : a * 4))};
    }
    case ParamType::Double: {
        const double a = current.toDouble();
        return {current, clampTo(spec, a == 0 ? 1 : a * 4)};
    }
    default:
        return {current, current};
    }
}

std::optional<ComparePreset> comparePresetFor(const QString& scenarioPath)
{
    struct Entry {
        const char* file;
        ComparePreset preset;
    };
    // The course's "what if" pairs: the notes of each file suggest this very change.
    static const std::vector<Entry> table = {
        {"pool_fib_threads.json", {"fib", "executor", "threads", "processes", 10}},
        {"pool_fib_processes.json", {"fib", "executor", "threads", "processes", 10}},
        {"pool_io_threads.json", {"io", "workers", 2, 8, 10}},
        {"pool_gil_convoy.json", {"gil", "gil", "cpython", "free_threaded", 10}},
        {"pool_spawn_per_task.json", {"spawn", "spawn_per_task", true, false, 10}},
        // One after the other, so that neither run takes the other's cores: queue.Queue's thread
        // consumers against multiprocessing.Queue's processes.
        {"pipeline_queue_processes.json", {"procs", "mode", "threads", "processes", 10}},
        {"pool_threading_semaphore.json", {"sem", "semaphore_value", 3, 8, 10}},
        {"pool_deadlock.json", {"deadlock", "workers", 2, 1, 4}},
        {"event_loop_blocking.json", {"loop", "blocking_call_ms", 200.0, 0.0, 4}},
        // CPython's default executor (6 threads on 2 cores) against two: 6 s of scenario time, not 2.
        {"event_loop_to_thread.json", {"loop", "executor_workers", 2, 6, 7}},
        {"api_blocking_handler.json", {"api", "server.offload", "none", "to_thread", 8}},
        {"api_offload_to_thread.json", {"api", "server.offload", "none", "to_thread", 8}},
        // The course's hybrid: threads share the GIL, processes each have their own.
        {"api_offload_to_process.json", {"api", "server.offload", "to_thread", "to_process", 8}},
        {"api_db_pool.json", {"api", "server.db.pool_size", 5, 20, 8}},
        {"search_ivf_nprobe.json", {"search", "nprobe", 1, 16, 10}},
        {"search_on_loop.json", {"search", "dispatch", "on_loop", "to_thread", 10}},
    };
    const QString name = QFileInfo(scenarioPath).fileName();
    for (const Entry& e : table)
        if (name == QLatin1String(e.file))
            return e.preset;
    return std::nullopt;
}

QString valueText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 10);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return QString();
    }
}

QString CompareSetup::label(int which) const
{
    if (cpython)
        return which == 0 ? QCoreApplication::translate("Compare", "LoopLab engine")
                          : QCoreApplication::translate("Compare", "real CPython: %1").arg(pairScriptName(*cpython));
    return QStringLiteral("%1.%2 = %3").arg(labId, path, valueText(value(which)));
}

scenario::Result<scenario::Scenario> variantScenario(
    const CompareSetup& setup, int which, const scenario::KindCatalog& catalog)
{
    if (setup.cpython) {
        scenario::Scenario sc = which == 0 ? setup.base : *setup.cpython;
        if (setup.durationS > 0)
            sc.durationS = setup.durationS;
        return sc;
    }
    scenario::Scenario sc = setup.base;
    if (auto err = scenario::setParameter(sc, setup.labId, setup.path, setup.value(which), catalog))
        return *err;
    if (setup.durationS > 0)
        sc.durationS = setup.durationS;
    return sc;
}

} // namespace looplab::ui::compare

#include "cpython_pair.h"

#include "engine/app_paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace looplab::ui::compare {

std::vector<CpythonPair> cpythonPairs()
{
    const QString data = paths::dataDir();
    if (data.isEmpty())
        return {};
    QFile f(data + QStringLiteral("/python/pairs.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonObject pairs = root.value(QStringLiteral("pairs")).toObject();
    const QJsonObject sets = root.value(QStringLiteral("python_set")).toObject();
    const QJsonObject looplabSets = root.value(QStringLiteral("looplab_set")).toObject();
    const QDir scenarios(paths::scenariosDir());
    std::vector<CpythonPair> out;
    for (auto it = pairs.begin(); it != pairs.end(); ++it) {
        CpythonPair p{scenarios.filePath(it.key()), scenarios.filePath(it.value().toString()), {}};
        const QJsonObject set = sets.value(it.key()).toObject();
        for (auto s = set.begin(); s != set.end(); ++s)
            p.pythonSet << s.key() + QLatin1Char('=') + s.value().toString();
        const QJsonObject lset = looplabSets.value(it.key()).toObject();
        for (auto s = lset.begin(); s != lset.end(); ++s)
            p.looplabSet << s.key() + QLatin1Char('=') + s.value().toString();
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<CpythonPair> cpythonPairsFor(const QString& scenarioPath)
{
    const QFileInfo info(scenarioPath);
    // Only the built-in files: a user's copy of event_loop_gather.json may have been edited into
    // something the course script no longer mirrors.
    if (!paths::isBuiltInScenario(info.absoluteFilePath()))
        return {};
    std::vector<CpythonPair> out;
    for (CpythonPair& p : cpythonPairs())
        if (QFileInfo(p.pythonScenario).fileName() == info.fileName()
            || QFileInfo(p.looplabScenario).fileName() == info.fileName())
            out.push_back(std::move(p));
    return out;
}

scenario::Result<LoadedPair> loadCpythonPair(const CpythonPair& pair, const scenario::KindCatalog& catalog)
{
    auto a = scenario::loadScenarioFile(pair.looplabScenario, catalog);
    if (auto* e = std::get_if<scenario::ScenarioError>(&a))
        return *e;
    auto b = scenario::loadScenarioFile(pair.pythonScenario, catalog);
    if (auto* e = std::get_if<scenario::ScenarioError>(&b))
        return *e;
    LoadedPair out{std::get<scenario::Scenario>(std::move(a)), std::get<scenario::Scenario>(std::move(b))};
    for (const QString& o : pair.pythonSet)
        if (auto e = scenario::applyOverride(out.python, o, catalog))
            return *e;
    for (const QString& o : pair.looplabSet)
        if (auto e = scenario::applyOverride(out.looplab, o, catalog))
            return *e;
    return out;
}

QString pairScriptName(const scenario::Scenario& python)
{
    for (const auto& lab : python.labs)
        if (lab.kind == QLatin1String("python"))
            return QFileInfo(lab.textParam(QStringLiteral("script"))).fileName();
    return QFileInfo(python.sourcePath).fileName();
}

SharedMetrics sharedMetrics(
    const std::vector<report::LabSummary>& looplab, const std::vector<report::LabSummary>& python)
{
    const auto finite = [](double v) { return std::isfinite(v); };
    // What the LoopLab side measured, first lab first; a rate it does not report is derived.
    auto fromLooplab = [&](const QString& name) {
        for (const auto& lab : looplab) {
            const double v = lab.metrics.value(name, std::nan(""));
            if (finite(v))
                return v;
        }
        if (name == QLatin1String("gil_switches_per_s"))
            for (const auto& lab : looplab) {
                const double n = lab.metrics.value(QStringLiteral("gil_switches"), std::nan(""));
                const double s = lab.metrics.value(QStringLiteral("wall_s"), std::nan(""));
                if (finite(n) && finite(s) && s > 0 && n > 0)
                    return n / s;
            }
        // The pipeline lab measures each stage's queue ("work.depth_max"): the deepest one is
        // what the program's queue depth compares with.
        if (name == QLatin1String("queue_depth_max")) {
            double deepest = std::nan("");
            for (const auto& lab : looplab)
                for (auto it = lab.metrics.begin(); it != lab.metrics.end(); ++it)
                    if ((it.key() == QLatin1String("depth_max") || it.key().endsWith(QLatin1String(".depth_max")))
                        && finite(it.value()) && !(it.value() <= deepest))
                        deepest = it.value();
            return deepest;
        }
        return std::nan("");
    };
    SharedMetrics out;
    for (const auto& py : python) {
        if (py.kind != QLatin1String("python"))
            continue;
        // Both sides under the python lab's id, so the table puts them on one row.
        report::LabSummary a{py.id, QStringLiteral("looplab"), {}};
        report::LabSummary b{py.id, py.kind, {}};
        for (auto it = py.metrics.begin(); it != py.metrics.end(); ++it) {
            const double va = fromLooplab(it.key());
            if (!finite(va))
                continue;
            a.metrics[it.key()] = va;
            b.metrics[it.key()] = it.value(); // NaN stays: "—", and the row shows what CPython lacked
        }
        out.looplab.push_back(std::move(a));
        out.python.push_back(std::move(b));
    }
    return out;
}

} // namespace looplab::ui::compare

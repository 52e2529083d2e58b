#include "run_scenario.h"

#include "catalog/catalog.h"
#include "scenario/scenario_loader.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

namespace looplab::testing {

QString sourceDir()
{
    const QByteArray env = qgetenv("LOOPLAB_SOURCE_DIR");
    return env.isEmpty() ? QDir::currentPath() : QString::fromLocal8Bit(env);
}

std::shared_ptr<const engine::RunResult> runScenario(
    const QByteArray& json, double timeoutS, const QStringList& overrides)
{
    auto parsed = scenario::parseScenario(json, QStringLiteral("<test>"), labCatalog());
    if (auto* err = std::get_if<scenario::ScenarioError>(&parsed)) {
        QTest::qFail(qPrintable(err->toString()), __FILE__, __LINE__);
        return nullptr;
    }
    auto sc = std::get<scenario::Scenario>(parsed);
    for (const auto& o : overrides)
        if (auto err = scenario::applyOverride(sc, o, labCatalog())) {
            QTest::qFail(qPrintable(err->toString()), __FILE__, __LINE__);
            return nullptr;
        }
    engine::Engine engine(labCatalog());
    QSignalSpy finished(&engine, &engine::Engine::finished);
    QSignalSpy failed(&engine, &engine::Engine::failed);
    engine.start(sc);
    QElapsedTimer t;
    t.start();
    while (finished.isEmpty() && failed.isEmpty() && t.elapsed() < timeoutS * 1000)
        finished.wait(50);
    if (!failed.isEmpty()) {
        QTest::qFail(
            qPrintable(QStringLiteral("run failed: ") + failed.first().first().toString()), __FILE__, __LINE__);
        return nullptr;
    }
    if (finished.isEmpty()) {
        QTest::qFail("run did not finish in time", __FILE__, __LINE__);
        return nullptr;
    }
    return engine.lastResult();
}

std::shared_ptr<const engine::RunResult> runBuiltinScenario(
    const QString& fileName, double timeoutS, const QStringList& overrides)
{
    QFile f(sourceDir() + QStringLiteral("/resources/scenarios/") + fileName);
    if (!f.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("cannot open ") + f.fileName()), __FILE__, __LINE__);
        return nullptr;
    }
    return runScenario(f.readAll(), timeoutS, overrides);
}

double metric(const engine::RunResult& result, const QString& labId, const QString& name)
{
    const auto* lab = result.data.findLab(labId);
    if (!lab || !lab->metrics.contains(name)) {
        QTest::qFail(qPrintable(QStringLiteral("no metric %1.%2").arg(labId, name)), __FILE__, __LINE__);
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double v = lab->metrics.value(name);
    // A metric that could not be measured is NaN (null in summary.json), never a silent zero:
    // whatever a test compares it with, it fails.
    if (!std::isfinite(v))
        QTest::qFail(
            qPrintable(QStringLiteral("metric %1.%2 is null (not measured)").arg(labId, name)), __FILE__, __LINE__);
    return v;
}

} // namespace looplab::testing

#include "headless.h"

#include "catalog/catalog.h"
#include "engine/engine.h"
#include "export/exporters.h"
#include "labs/python/python_log.h"
#include "scenario/scenario_loader.h"

#ifdef LOOPLAB_WITH_UI
#include "ui/compare/compare_cli.h"
#include "ui/ui_entry.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace looplab::app {

namespace {
QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}
} // namespace

int runHeadless(const HeadlessOptions& options)
{
    if (options.compareCpython) {
#ifdef LOOPLAB_WITH_UI
        return ui::compare::runCompareCpythonHeadless(options.scenarioPath, options.outDir, options.allowRemote);
#else
        err() << "looplab: error: --compare-cpython needs the window library (built without it)" << Qt::endl;
        return 2;
#endif
    }
    if (!options.compare.isEmpty() && !options.reportPath.isEmpty()) {
        // A report describes one run; --compare makes two and writes compare.csv / compare.png.
        err() << "looplab: error: --report cannot be combined with --compare (a report covers one run; --compare "
                 "writes compare.csv and compare.png in --out)"
              << Qt::endl;
        return 2;
    }
    const auto& catalog = labCatalog();
    auto loaded = scenario::loadScenarioFile(options.scenarioPath, catalog);
    if (auto* e = std::get_if<scenario::ScenarioError>(&loaded)) {
        err() << e->toString() << Qt::endl;
        return 2;
    }
    auto sc = std::get<scenario::Scenario>(loaded);
    for (const auto& o : options.overrides)
        if (auto e = scenario::applyOverride(sc, o, catalog)) {
            err() << e->toString() << Qt::endl;
            return 2;
        }
    if (options.outDir.isEmpty()) {
        err() << "looplab: error: --headless needs --out DIR" << Qt::endl;
        return 2;
    }
    const QFileInfo outInfo(options.outDir);
    if (outInfo.exists() && !outInfo.isDir()) {
        err() << "looplab: error: --out " << options.outDir << " exists and is not a directory" << Qt::endl;
        return 2;
    }

    if (!options.compare.isEmpty()) {
#ifdef LOOPLAB_WITH_UI
        return ui::compare::runCompareHeadless(
            sc, options.compare, options.durationS, options.outDir, options.allowRemote);
#else
        err() << "looplab: error: --compare needs the window library (built without it)" << Qt::endl;
        return 2;
#endif
    }

    engine::Engine engine(catalog);
    engine.setAllowRemote(options.allowRemote);
    QEventLoop loop;
    QObject::connect(&engine, &engine::Engine::finished, &loop, &QEventLoop::quit);
    QObject::connect(&engine, &engine::Engine::failed, &loop, &QEventLoop::quit);
    engine.start(sc, options.durationS);
    loop.exec();
    const auto result = engine.lastResult();
    if (!result) {
        err() << "looplab: error: the run produced no result" << Qt::endl;
        return 1;
    }
    if (!result->error.isEmpty()) {
        // A run that could not start (or failed) leaves the output directory as it was.
        err() << QFileInfo(options.scenarioPath).fileName() << ": error: " << result->error << Qt::endl;
        return 1;
    }

    if (!QDir().mkpath(options.outDir)) {
        err() << "looplab: error: cannot create " << options.outDir << Qt::endl;
        return 1;
    }
    const QDir out(options.outDir);
    QStringList written;
    auto write = [&](const QString& name, const QString& error) {
        if (!error.isEmpty()) {
            err() << "looplab: error: " << error << Qt::endl;
            return false;
        }
        written << out.filePath(name);
        return true;
    };
    bool ok = write(QStringLiteral("summary.json"),
                  exporting::writeSummaryJson(*result, out.filePath(QStringLiteral("summary.json"))))
        && write(QStringLiteral("metrics.csv"),
            exporting::writeMetricsCsv(*result, out.filePath(QStringLiteral("metrics.csv"))))
        && write(QStringLiteral("trace.json"),
            exporting::writeTraceJson(*result, out.filePath(QStringLiteral("trace.json"))));
#ifdef LOOPLAB_WITH_UI
    if (ok && options.screenshot)
        ok = write(QStringLiteral("screenshot.png"),
            ui::saveRunScreenshot(*result, out.filePath(QStringLiteral("screenshot.png"))));
    if (ok && !options.reportPath.isEmpty()) {
        if (const QString e = ui::saveRunReport(*result, options.reportPath); !e.isEmpty()) {
            err() << "looplab: error: the report was not written: " << e << Qt::endl;
            ok = false;
        } else {
            written << options.reportPath;
        }
    }
#else
    if (ok && !options.reportPath.isEmpty()) {
        err() << "looplab: error: --report needs the window's code, and this looplab was built without it" << Qt::endl;
        ok = false;
    }
#endif
    // What each python lab's program printed: python.log (ID.python.log when there are several).
    const auto pythonLabs = std::count_if(
        sc.labs.begin(), sc.labs.end(), [](const auto& l) { return l.kind == QLatin1String("python"); });
    for (const auto& lab : sc.labs) {
        if (!ok || lab.kind != QLatin1String("python"))
            continue;
        const QString name = pythonLabs == 1 ? QStringLiteral("python.log") : lab.id + QStringLiteral(".python.log");
        const auto log = labs::python::logRead(lab.id);
        QByteArray text = log.text;
        if (log.dropped > 0)
            text += QStringLiteral("\n[looplab: %1 more bytes of output were not kept]\n").arg(log.dropped).toUtf8();
        QFile f(out.filePath(name));
        ok = write(name,
            f.open(QIODevice::WriteOnly) && f.write(text) == text.size()
                ? QString()
                : QStringLiteral("cannot write ") + f.fileName());
    }
    if (!ok)
        return 1;
    QTextStream outStream(stdout);
    outStream << "looplab: ran \"" << (sc.title.en.isEmpty() ? options.scenarioPath : sc.title.en) << "\" for "
              << QString::number(result->wallS, 'f', 2) << " s; wrote:" << Qt::endl;
    for (const auto& f : written)
        outStream << "  " << QDir::current().relativeFilePath(f) << Qt::endl;
    return 0;
}

} // namespace looplab::app

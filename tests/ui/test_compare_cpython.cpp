// Run → Compare A/B → "LoopLab engine vs real CPython" (issue 15): every pair of
// resources/python/pairs.json resolves from either side and loads, and a real comparison of a
// deterministic pair (waits, not CPU) measures both sides and agrees on wall time within the
// fidelity table's tolerance (tests/fidelity/fidelity.py: ±10 % or ±0.05 s).
#include "catalog/catalog.h"
#include "compare/compare_model.h"
#include "compare/compare_window.h"
#include "compare/cpython_pair.h"
#include "main_window.h"
#include "panels/lab_panel.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace looplab;
using namespace looplab::ui;
using namespace looplab::ui::compare;

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("LOOPLAB_SOURCE_DIR", QStringLiteral(LOOPLAB_TEST_SOURCE_DIR));
}

QJsonObject pairsJson()
{
    QFile f(sourceDir() + QStringLiteral("/resources/python/pairs.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The fidelity table's rule: agreed when within the relative tolerance or the absolute bound.
bool agree(double a, double b, double rel, double abs)
{
    return std::isfinite(a) && std::isfinite(b)
        && std::fabs(a - b) <= std::max(abs, rel * std::max(std::fabs(a), std::fabs(b)));
}

} // namespace

class TestCompareCpython : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pairResolves_data();
    void pairResolves();
    void sharedMetricsAreTheOnesBothMeasured();
    void runMenuOffersThePairOnlyForPairedScenarios();
    void realCompareAgreesOnWallTime();
    void commandLineWritesBothSides();
};

void TestCompareCpython::pairResolves_data()
{
    QTest::addColumn<QString>("python");
    QTest::addColumn<QString>("looplab");
    const QJsonObject pairs = pairsJson().value(QStringLiteral("pairs")).toObject();
    QVERIFY2(pairs.size() >= 14, "resources/python/pairs.json lists the course's 14 demos");
    for (auto it = pairs.begin(); it != pairs.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toString();
}

void TestCompareCpython::pairResolves()
{
    QFETCH(QString, python);
    QFETCH(QString, looplab);
    const QString dir = sourceDir() + QStringLiteral("/resources/scenarios/");
    // From the python side: exactly its one LoopLab twin.
    const auto fromPython = cpythonPairsFor(dir + python);
    QCOMPARE(fromPython.size(), size_t(1));
    QCOMPARE(QFileInfo(fromPython[0].looplabScenario).fileName(), looplab);
    // From the LoopLab side: this python scenario among its pairs (event_loop_gather has two).
    const auto fromLooplab = cpythonPairsFor(dir + looplab);
    QVERIFY(std::any_of(fromLooplab.begin(), fromLooplab.end(),
        [&](const CpythonPair& p) { return QFileInfo(p.pythonScenario).fileName() == python; }));

    auto loaded = loadCpythonPair(fromPython[0], labCatalog());
    if (auto* e = std::get_if<scenario::ScenarioError>(&loaded))
        QFAIL(qPrintable(e->toString()));
    const LoadedPair& p = std::get<LoadedPair>(loaded);
    QVERIFY(!p.looplab.labs.empty());
    for (const auto& lab : p.looplab.labs)
        QVERIFY2(lab.kind != QLatin1String("python"), "A is LoopLab's own engine");
    QVERIFY(std::any_of(p.python.labs.begin(), p.python.labs.end(),
        [](const scenario::LabConfig& l) { return l.kind == QLatin1String("python"); }));
    QVERIFY(QFileInfo::exists(
        QFileInfo(p.python.sourcePath).dir().filePath(p.python.labs.front().textParam(QStringLiteral("script")))));
    // pairs.json's python_set overrides are applied (what make fidelity runs too).
    const QJsonObject set = pairsJson().value(QStringLiteral("python_set")).toObject().value(python).toObject();
    for (auto it = set.begin(); it != set.end(); ++it) {
        const QString param = it.key().section(QLatin1Char('.'), 1);
        QCOMPARE(p.python.labs.front().textParam(param), it.value().toString());
    }
}

void TestCompareCpython::sharedMetricsAreTheOnesBothMeasured()
{
    const double nan = std::nan("");
    const std::vector<report::LabSummary> looplab{
        {QStringLiteral("loop"), QStringLiteral("event_loop"),
            {{QStringLiteral("wall_s"), 2.0}, {QStringLiteral("lag_max_ms"), nan}, {QStringLiteral("gil_switches"), 10},
                {QStringLiteral("ticks"), 200}}},
        {QStringLiteral("pipe"), QStringLiteral("pipeline"),
            {{QStringLiteral("lag_max_ms"), 5}, {QStringLiteral("fetch.depth_max"), 4},
                {QStringLiteral("parse.depth_max"), 9}}}};
    const std::vector<report::LabSummary> python{{QStringLiteral("py"), QStringLiteral("python"),
        {{QStringLiteral("wall_s"), 2.1}, {QStringLiteral("lag_max_ms"), 4}, {QStringLiteral("gil_switches_per_s"), 7},
            {QStringLiteral("queue_depth_max"), 10}, {QStringLiteral("ticks"), nan},
            {QStringLiteral("probe_records"), 100}}}};
    const SharedMetrics s = sharedMetrics(looplab, python);
    QCOMPARE(s.looplab.size(), size_t(1));
    QCOMPARE(s.python.size(), size_t(1));
    const auto& a = s.looplab.front().metrics;
    const auto& b = s.python.front().metrics;
    QCOMPARE(a.keys(), b.keys()); // one row each
    QCOMPARE(a.value(QStringLiteral("wall_s")), 2.0);
    QCOMPARE(a.value(QStringLiteral("lag_max_ms")), 5.0); // the first lab that measured it
    QCOMPARE(a.value(QStringLiteral("gil_switches_per_s")), 5.0); // gil_switches / wall_s
    QCOMPARE(a.value(QStringLiteral("queue_depth_max")), 9.0); // the deepest stage queue
    QVERIFY(std::isnan(b.value(QStringLiteral("ticks")))); // CPython had no loop: shown as "—"
    QVERIFY(!a.contains(QStringLiteral("probe_records"))); // only the python lab has it
}

void TestCompareCpython::runMenuOffersThePairOnlyForPairedScenarios()
{
    engine::Engine engine(labCatalog());
    MainWindow main(&engine, labCatalog(), false);
    main.setAutoStart(false);
    QAction* action = main.findChild<QAction*>(QStringLiteral("compareCpythonAction"));
    QVERIFY(action);
    QMenu* run = nullptr;
    for (QAction* m : main.menuBar()->actions())
        if (m->menu() && m->menu()->actions().contains(action))
            run = m->menu();
    QVERIFY(run);
    // A scenario with no CPython twin: offered, but disabled when the menu opens.
    QVERIFY(main.openFile(MainWindow::builtInScenarioDir() + QStringLiteral("/pool_gil_convoy.json")));
    Q_EMIT run->aboutToShow();
    QVERIFY(!action->isEnabled());
    // A course demo's python scenario: the action opens the compare window on its pair.
    QVERIFY(main.openFile(MainWindow::builtInScenarioDir() + QStringLiteral("/python_gather.json")));
    Q_EMIT run->aboutToShow();
    QVERIFY(action->isEnabled());
    action->trigger();
    auto* w = main.findChild<CompareWindow*>();
    QVERIFY(w);
    QVERIFY(w->cpythonChosen());
    const CompareSetup s = w->currentSetup();
    QVERIFY(s.cpython);
    QCOMPARE(QFileInfo(s.base.sourcePath).fileName(), QStringLiteral("event_loop_gather.json"));
    QCOMPARE(s.label(1), QStringLiteral("real CPython: gather.py"));
    w->close();
}

void TestCompareCpython::realCompareAgreesOnWallTime()
{
    // gather of say_after(2) and say_after(1): 2 s of waiting in both, whatever else the machine does.
    const QString dir = sourceDir() + QStringLiteral("/resources/scenarios/");
    auto base = scenario::loadScenarioFile(dir + QStringLiteral("event_loop_gather.json"), labCatalog());
    QVERIFY(std::holds_alternative<scenario::Scenario>(base));
    CompareWindow w(std::get<scenario::Scenario>(base), labCatalog());
    w.resize(1600, 1000);
    w.show();
    const auto& offered = w.cpythonPairs();
    const auto it = std::find_if(offered.begin(), offered.end(), [](const CpythonPair& p) {
        return QFileInfo(p.pythonScenario).fileName() == QLatin1String("python_gather.json");
    });
    QVERIFY(it != offered.end());
    QCOMPARE(w.chooseCpython(int(it - offered.begin())), QString());
    QVERIFY(w.cpythonChosen());
    QSignalSpy done(&w, &CompareWindow::comparisonFinished);
    QSignalSpy failed(&w, &CompareWindow::comparisonFailed);
    QCOMPARE(w.startCompare(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(done.count() + failed.count() > 0, 60000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

    // Side by side in the same panels: LoopLab's event-loop panel (A), the python panel (B).
    QCOMPARE(w.panelPairs().size(), 1);
    QCOMPARE(w.panelPairs().first().first->kind(), QStringLiteral("event_loop"));
    QCOMPARE(w.panelPairs().first().second->kind(), QStringLiteral("python"));

    const CompareTableModel* m = w.model();
    QVERIFY(m->labelB().contains(QLatin1String("gather.py")));
    for (const char* name : {"wall_s", "lag_max_ms", "lag_p99_ms", "ticks"}) {
        const int row = m->rowOf(QStringLiteral("py.") + QLatin1String(name));
        QVERIFY2(row >= 0, name);
        const auto& r = m->rows()[size_t(row)];
        QVERIFY2(std::isfinite(r.a) && std::isfinite(r.b), name);
    }
    const auto& wall = m->rows()[size_t(m->rowOf(QStringLiteral("py.wall_s")))];
    QVERIFY2(agree(wall.a, wall.b, 0.10, 0.05),
        qPrintable(QStringLiteral("wall time: LoopLab %1 s, CPython %2 s").arg(wall.a).arg(wall.b)));
    // And what it agrees on is the lesson: about 2 s (the longer wait), not 3 s (the sum).
    QVERIFY2(wall.b > 1.9 && wall.b < 2.6, qPrintable(QString::number(wall.b)));
    // Neither side is "better": the question is agreement, so no green or red.
    QVERIFY(m->agreementMode());
    QCOMPARE(m->data(m->index(m->rowOf(QStringLiteral("py.wall_s")), CompareTableModel::RatioColumn),
                  CompareTableModel::BetterRole)
                 .toInt(),
        0);
    // Metrics only one side has are not rows: the python lab's own counters stay out.
    QCOMPARE(m->rowOf(QStringLiteral("py.probe_records")), -1);
}

void TestCompareCpython::commandLineWritesBothSides()
{
    // A time.sleep(0.2) inside async def: one 200 ms block of the loop on both sides.
    const QString looplab = qEnvironmentVariable("LOOPLAB_BIN_DIR") + QStringLiteral("/looplab");
    QVERIFY2(QFileInfo(looplab).isExecutable(), "looplab is not built");
    QTemporaryDir out;
    QProcess p;
    p.start(looplab,
        {QStringLiteral("--compare-cpython"),
            sourceDir() + QStringLiteral("/resources/scenarios/python_blocking_sleep.json"), QStringLiteral("--out"),
            out.path()});
    QVERIFY(p.waitForFinished(90000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QFile csv(out.filePath(QStringLiteral("compare.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(QFileInfo(out.filePath(QStringLiteral("compare.png"))).size() > 10000);
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.first().contains(QLatin1String("LoopLab engine")));
    QVERIFY(lines.first().contains(QLatin1String("real CPython: blocking_sleep.py")));
    bool sawLag = false;
    for (const QString& line : lines) {
        const QStringList f = line.split(QLatin1Char(','));
        if (f.first() != QLatin1String("py.lag_max_ms"))
            continue;
        sawLag = true;
        const double a = f.at(2).toDouble(), b = f.at(3).toDouble();
        QVERIFY2(a >= 190 && b >= 190, qPrintable(line));
        QVERIFY2(agree(a, b, 0.10, 20), qPrintable(line)); // the fidelity table's lag tolerance
    }
    QVERIFY2(sawLag, qPrintable(lines.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestCompareCpython)
#include "test_compare_cpython.moc"

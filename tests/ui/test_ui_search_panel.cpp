// The vector_search panel: it shows the lab's series from a snapshot (QPS, latency percentiles,
// batches, loop lag, lanes, the recall headline); the nprobe sweep's bookkeeping step by step;
// and a short real run where the sweep button drives nprobe live through the document and the
// engine and plots recall rising with nprobe (all cells visited = exact = recall 1).
#include "catalog/catalog.h"
#include "charts/gauge_bar.h"
#include "charts/time_series_chart.h"
#include "charts/timeline_widget.h"
#include "main_window.h"
#include "panels/panel_factory.h"
#include "panels/vector_search_panel.h"
#include "scenario/scenario_document.h"

#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace looplab;
using namespace looplab::ui;

namespace {
scenario::LabConfig searchConfig(const QString& index, int nlist = 256, int nprobe = 1)
{
    scenario::LabConfig c;
    c.id = QStringLiteral("search");
    c.kind = QStringLiteral("vector_search");
    c.params.insert(QStringLiteral("index"), index);
    c.params.insert(QStringLiteral("nlist"), nlist);
    c.params.insert(QStringLiteral("nprobe"), nprobe);
    c.params.insert(QStringLiteral("k"), 10);
    return c;
}

metrics::SeriesData series(
    const QString& name, const QString& unit, std::function<double(double)> f, double untilS = 10)
{
    metrics::SeriesData s{name, unit, metrics::SeriesKind::Gauge, 0, 100'000'000, {}};
    for (double t = 0; t < untilS; t += 0.1)
        s.values.push_back(f(t));
    return s;
}

// A vector_search lab's snapshot as the real lab declares it, with made-up but plausible values.
std::shared_ptr<metrics::Snapshot> fakeSnapshot(double untilS, std::function<double(double)> recall)
{
    auto snap = std::make_shared<metrics::Snapshot>();
    snap->serial = 1;
    snap->state = metrics::RunState::Running;
    snap->elapsedNs = int64_t(untilS * 1e9);
    metrics::LabSnapshot lab;
    lab.id = QStringLiteral("search");
    lab.kind = QStringLiteral("vector_search");
    lab.series.push_back(series(
        QStringLiteral("qps"), QStringLiteral("1/s"), [](double) { return 200.0; }, untilS));
    lab.series.back().kind = metrics::SeriesKind::Rate;
    lab.series.push_back(series(
        QStringLiteral("latency_ms_p50"), QStringLiteral("ms"), [](double t) { return 1.0 + t; }, untilS));
    lab.series.push_back(series(
        QStringLiteral("latency_ms_p95"), QStringLiteral("ms"), [](double t) { return 2.0 + t; }, untilS));
    lab.series.push_back(series(
        QStringLiteral("latency_ms_p99"), QStringLiteral("ms"), [](double t) { return 3.0 + t; }, untilS));
    lab.series.push_back(series(
        QStringLiteral("batch_size"), QStringLiteral("queries"), [](double) { return 4.0; }, untilS));
    lab.series.push_back(series(
        QStringLiteral("queue_depth"), QStringLiteral("queries"), [](double) { return 1.0; }, untilS));
    lab.series.push_back(series(
        QStringLiteral("in_flight"), QStringLiteral("queries"), [](double) { return 2.0; }, untilS));
    lab.series.push_back(series(
        QStringLiteral("loop_lag_ms"), QStringLiteral("ms"), [](double) { return 0.5; }, untilS));
    lab.series.push_back(series(QStringLiteral("recall_at_k"), QStringLiteral("ratio"), recall, untilS));
    metrics::LaneData loop{QStringLiteral("event loop"), QStringLiteral("loop"), {}, {}, metrics::LaneState::Idle, 0};
    metrics::LaneData exec{
        QStringLiteral("executor 1"), QStringLiteral("executor"), {}, {}, metrics::LaneState::Running, 0};
    for (int i = 0; i < int(untilS * 10); ++i)
        exec.spans.push_back(
            {int64_t(i) * 100'000'000, int64_t(i) * 100'000'000 + 60'000'000, metrics::LaneState::Running, 0});
    lab.lanes = {loop, exec};
    metrics::HistogramData h;
    h.name = QStringLiteral("latency_ms");
    h.unit = QStringLiteral("ms");
    h.count = 100;
    h.min = 0.5;
    h.max = 12;
    h.mean = 2;
    h.p50 = 1.5;
    h.p90 = 4;
    h.p95 = 6;
    h.p99 = 10;
    h.buckets = {{0.5, 1, 20}, {1, 2, 50}, {2, 5, 25}, {5, 12, 5}};
    lab.histograms.push_back(h);
    lab.marks.push_back({int64_t(3e9), QStringLiteral("parameter:nprobe"), 8});
    snap->labs.push_back(std::move(lab));
    return snap;
}
} // namespace

class TestUiSearchPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void factoryPicksTheDedicatedPanel();
    void showsTheLabsData();
    void sweepParameterFollowsTheIndex_data();
    void sweepParameterFollowsTheIndex();
    void sweepStepByStep();
    void sweepWithARealRun();
};

void TestUiSearchPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_search_panel"));
    QSettings().clear();
}

void TestUiSearchPanel::factoryPicksTheDedicatedPanel()
{
    std::unique_ptr<LabPanel> p(createLabPanel(searchConfig(QStringLiteral("ivf"))));
    QVERIFY(qobject_cast<VectorSearchPanel*>(p.get()));
}

void TestUiSearchPanel::showsTheLabsData()
{
    VectorSearchPanel panel(searchConfig(QStringLiteral("ivf")));
    panel.resize(1100, 760);
    panel.show();
    const auto snap = fakeSnapshot(8, [](double) { return 0.62; });
    PanelFrame f;
    f.snapshot = snap;
    f.lab = &snap->labs.front();
    f.fromS = 0;
    f.toS = 10;
    panel.showFrame(f);
    QVERIFY(panel.qpsChart()->pointCount(0) > 0);
    QCOMPARE(panel.qpsChart()->lastValue(0), 200.0); // the 1 s mean of a steady 200/s
    QCOMPARE(panel.latencyChart()->seriesCount(), 3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(panel.latencyChart()->pointCount(i) > 0);
    QVERIFY(panel.latencyChart()->lastValue(2) > panel.latencyChart()->lastValue(0)); // p99 above p50
    QCOMPARE(panel.batchChart()->lastValue(0), 4.0);
    QCOMPARE(panel.lagChart()->lastValue(0), 0.5);
    QCOMPARE(panel.recallGauge()->value(), 0.62);
    QCOMPARE(panel.qpsGauge()->value(), 200.0);
    QCOMPARE(panel.timeline()->visibleLaneCount(), 2);
    const QImage img = panel.grab().toImage();
    QVERIFY(!img.isNull());
    panel.timeline()->grab();
    QVERIFY(panel.timeline()->lastRectCount() > 0);
    panel.latencyChart()->grab();
    QCOMPARE(panel.latencyChart()->lastCaptionCount(), 1); // "nprobe → 8"
    // Every chart can be exported, the sweep plot included.
    QVERIFY(panel.charts().contains(panel.sweepPlot()));
}

void TestUiSearchPanel::sweepParameterFollowsTheIndex_data()
{
    QTest::addColumn<QString>("index");
    QTest::addColumn<int>("nlist");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QList<int>>("values");
    QTest::newRow("ivf") << "ivf" << 256 << "nprobe" << QList<int>{1, 2, 4, 8, 16, 32, 64};
    QTest::newRow("ivf, few cells") << "ivf" << 4 << "nprobe" << QList<int>{1, 2, 4};
    QTest::newRow("hnsw") << "hnsw" << 256 << "ef_search" << QList<int>{8, 16, 32, 64, 128, 256};
    QTest::newRow("flat: nothing to sweep") << "flat" << 256 << "" << QList<int>{};
}

void TestUiSearchPanel::sweepParameterFollowsTheIndex()
{
    QFETCH(QString, index);
    QFETCH(int, nlist);
    QFETCH(QString, parameter);
    QFETCH(QList<int>, values);
    VectorSearchPanel panel(searchConfig(index, nlist));
    QCOMPARE(panel.sweepParameter(), parameter);
    const auto v = panel.sweepValues();
    QCOMPARE(QList<int>(v.begin(), v.end()), values);
    QCOMPARE(panel.sweepButton()->isEnabled(), false); // no run yet (and never for flat)
    QVERIFY(!panel.sweepButton()->toolTip().isEmpty());
}

void TestUiSearchPanel::sweepStepByStep()
{
    // Recall grows with the step (the value set at each step start): the sweep must read each
    // step's own recall, after the settling time.
    ParameterSweep sweep;
    QCOMPARE(sweep.start(QStringLiteral("nprobe"), {1, 2, 4}, 8, 10.0), 1);
    auto recallAt = [](double t) { return t < 13.5 ? 0.4 : t < 17.0 ? 0.7 : 0.95; };
    auto snapAt = [&](double t) { return fakeSnapshot(t, recallAt); };
    QVERIFY(!sweep.advance(snapAt(12.0)->labs.front(), 12.0));
    QCOMPARE(*sweep.advance(snapAt(13.5)->labs.front(), 13.5), 2);
    QCOMPARE(sweep.points().size(), size_t(1));
    QCOMPARE(sweep.points()[0].value, 1);
    QCOMPARE(sweep.points()[0].recall, 0.4);
    QVERIFY(sweep.points()[0].p50Ms > 12.5 && sweep.points()[0].p50Ms < 14.5); // median of 1 + t over [11.5, 13.5]
    QCOMPARE(*sweep.advance(snapAt(17.0)->labs.front(), 17.0), 4);
    QCOMPARE(*sweep.advance(snapAt(20.5)->labs.front(), 20.5), 8); // the end: back to the original
    QVERIFY(!sweep.isRunning());
    QCOMPARE(sweep.points().size(), size_t(3));
    QCOMPARE(sweep.points()[1].recall, 0.7);
    QCOMPARE(sweep.points()[2].recall, 0.95);
    QVERIFY(!sweep.advance(snapAt(30)->labs.front(), 30));
    // A run that restarts underneath stops the sweep and restores the original value.
    sweep.start(QStringLiteral("nprobe"), {1, 2}, 8, 10.0);
    QCOMPARE(*sweep.advance(snapAt(2)->labs.front(), 2.0), 8);
    QVERIFY(!sweep.isRunning());
    QVERIFY(sweep.message().contains(QStringLiteral("restarted")));
}

void TestUiSearchPanel::sweepWithARealRun()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sweep.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({ "looplab": 1, "title": { "en": "sweep", "zh": "扫描" }, "duration_s": 60, "time_scale": 1, "seed": 1,
  "labs": [ { "id": "search", "kind": "vector_search",
    "dataset": { "vectors": 4000, "dim": 16, "clusters": 16, "seed": 3 },
    "index": "ivf", "nlist": 4, "nprobe": 1, "backend": "cpu", "k": 10,
    "query_rate_per_s": 300, "dispatch": "to_thread", "recall_sample": 100 } ] })");
    f.close();
    engine::Engine engine(labCatalog());
    MainWindow w(&engine, labCatalog(), false);
    w.resize(1280, 800);
    w.show();
    QVERIFY(w.openFile(path));
    auto* panel = qobject_cast<VectorSearchPanel*>(w.currentPanel());
    QVERIFY(panel);
    // Serving (the index is built and answers are checked).
    QTRY_VERIFY_WITH_TIMEOUT(engine.latest() && !engine.latest()->labs.empty()
            && engine.latest()->labs.front().findSeries(QStringLiteral("recall_at_k"))
            && !engine.latest()->labs.front().findSeries(QStringLiteral("recall_at_k"))->values.empty(),
        30000);
    w.renderFrame();
    QTRY_VERIFY_WITH_TIMEOUT((w.renderFrame(), panel->sweepButton()->isEnabled()), 5000);
    QTRY_VERIFY_WITH_TIMEOUT((w.renderFrame(), panel->qpsGauge()->value() > 0), 5000);

    QSignalSpy edits(panel, &LabPanel::parameterEditRequested);
    QTest::mouseClick(panel->sweepButton(), Qt::LeftButton);
    QVERIFY(panel->sweep().isRunning());
    QCOMPARE(
        w.document()->scenario().findLab(QStringLiteral("search"))->params.value(QStringLiteral("nprobe")).toInt(), 1);
    // 3 steps of 3.5 s; the frame timer drives it.
    QTRY_VERIFY_WITH_TIMEOUT(!panel->sweep().isRunning(), 30000);
    QCOMPARE(edits.size(), 4); // 1, 2, 4, then back to 1
    QList<int> sent;
    for (const auto& e : edits)
        sent << e.at(1).toJsonValue().toInt();
    QCOMPARE(sent, (QList<int>{1, 2, 4, 1}));
    QCOMPARE(
        w.document()->scenario().findLab(QStringLiteral("search"))->params.value(QStringLiteral("nprobe")).toInt(), 1);
    // Ordinary document edits, merged per parameter: back at the original value, the file is unmodified.
    QVERIFY(!w.document()->isModified());

    const auto& pts = panel->sweep().points();
    QVERIFY2(pts.size() >= 2, qPrintable(panel->sweep().message()));
    QCOMPARE(panel->sweepPlot()->pointCount(), int(pts.size()));
    // nprobe = nlist visits every cell: the search is exact.
    QCOMPARE(pts.back().value, 4);
    QVERIFY2(pts.back().recall > 0.97, qPrintable(QString::number(pts.back().recall)));
    QVERIFY2(pts.front().recall < pts.back().recall,
        qPrintable(QStringLiteral("%1 %2").arg(pts.front().recall).arg(pts.back().recall)));
    // The edits reached the running lab as marks ("nprobe → 2").
    w.renderFrame();
    QStringList names;
    for (const auto& m : engine.latest()->labs.front().marks)
        names << m.name;
    QVERIFY2(names.contains(QStringLiteral("parameter:nprobe")), qPrintable(names.join(u' ')));
    const QString shot = qEnvironmentVariable("LOOPLAB_SHOT_DIR");
    if (!shot.isEmpty())
        w.exportPng(shot + QStringLiteral("/search_sweep.png"));
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.close();
}

QTEST_MAIN(TestUiSearchPanel)
#include "test_ui_search_panel.moc"

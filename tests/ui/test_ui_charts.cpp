// The chart pieces on their own: decimation keeps extremes and bounds the points, ticks are
// round, the timeline folds sub-pixel spans, the histogram and tick strip paint what they get,
// and the metrics model is a well-behaved Qt model.
#include "charts/axis_ticks.h"
#include "charts/decimate.h"
#include "charts/gauge_bar.h"
#include "charts/histogram_view.h"
#include "charts/tick_strip.h"
#include "charts/time_series_chart.h"
#include "charts/timeline_widget.h"
#include "image_checks.h"
#include "panels/metrics_model.h"
#include "panels/pool_panel.h"
#include "scenario/json_path.h"
#include "theme.h"
#include "ui_text.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLegend>
#include <QLegendMarker>
#include <QTextDocument>
#include <QtTest>

#include <cmath>

using namespace looplab;
using namespace looplab::ui;
using metrics::LaneState;

class TestUiCharts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decimationKeepsExtremes_data();
    void decimationKeepsExtremes();
    void decimationSkipsNaNAndClipsToRange();
    void niceTicks();
    void jsonPaths();
    void notesMarkdownKeepsChineseBold();
    void metricsModelIsAValidModel();
    void timeSeriesChartBoundsPoints();
    void timeSeriesChartLayerHoldsTitleAndLegendAsPaintedLive();
    void timeSeriesChartRepaintsOnlyItsPlotWhileTheLayerHolds();
    void timeSeriesChartStrokesOnlyNewColumnsAsFullRepaint();
    void timelineFoldsSubPixelSpans();
    void timelineBinarySearchShowsOnlyTheWindow();
    void tickStripMarksSlowTicks();
    void tickStripHatchesTicksNotKept();
    void tickStripDrawsOnlyNewTicksAsFullRepaint();
    void poolGanttOverviewDrawsOnlyNewSpansAsFullRepaint();
    void histogramPaintsBucketsAndPercentiles();
    void gaugeRepaintsAtMostTenTimesASecondButShowsTheLastValue();
};

void TestUiCharts::decimationKeepsExtremes_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("buckets");
    QTest::newRow("60 s of 10 ms bins into 800 px") << 6000 << 800;
    QTest::newRow("fewer points than pixels") << 300 << 800;
    QTest::newRow("100k points into 1000 px") << 100000 << 1000;
}

void TestUiCharts::decimationKeepsExtremes()
{
    QFETCH(int, n);
    QFETCH(int, buckets);
    std::vector<double> y(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        y[size_t(i)] = std::sin(i * 0.01);
    // A one-bin spike (a blocking call's lag) and a one-bin dip must survive.
    y[size_t(n / 3)] = 250;
    y[size_t(2 * n / 3)] = -90;
    QList<QPointF> out;
    const auto st = decimateMinMax(y.data(), y.size(), 0, 0.01, 0, n * 0.01, buckets, out);
    QVERIFY(st.any);
    QCOMPARE(st.yMax, 250.0);
    QCOMPARE(st.yMin, -90.0);
    QVERIFY2(out.size() <= std::min(n, 2 * buckets + 4), qPrintable(QString::number(out.size())));
    bool spike = false, dip = false;
    for (int i = 0; i < out.size(); ++i) {
        spike |= out[i].y() == 250;
        dip |= out[i].y() == -90;
        if (i)
            QVERIFY(out[i].x() > out[i - 1].x()); // time order
    }
    QVERIFY(spike);
    QVERIFY(dip);
}

void TestUiCharts::decimationSkipsNaNAndClipsToRange()
{
    metrics::SeriesData s;
    s.binNs = 10'000'000;
    s.startNs = 0;
    for (int i = 0; i < 1000; ++i)
        s.values.push_back(i < 100 ? std::numeric_limits<double>::quiet_NaN() : double(i));
    QList<QPointF> out;
    const auto st = decimateSeries(s, 5.0, 8.0, 100, out);
    QVERIFY(st.any);
    for (const QPointF& p : out) {
        QVERIFY(std::isfinite(p.y()));
        QVERIFY(p.x() >= 5.0 - 0.03 && p.x() <= 8.0 + 0.03); // one neighbour each side at most
    }
    QVERIFY(st.yMin >= 499 && st.yMax <= 801);
    // All NaN: nothing, and no data.
    metrics::SeriesData empty = s;
    std::fill(empty.values.begin(), empty.values.end(), std::numeric_limits<double>::quiet_NaN());
    out.clear();
    QVERIFY(!decimateSeries(empty, 0, 10, 100, out).any);
    QVERIFY(out.isEmpty());
}

void TestUiCharts::niceTicks()
{
    QCOMPARE(niceStep(10, 5), 2.0);
    QCOMPARE(niceStep(0.9, 4), 0.2);
    QCOMPARE(niceCeil(87), 100.0);
    QCOMPARE(niceCeil(0.0), 1.0);
    const auto lin = linearTicks(0.3, 9.7, 5);
    QCOMPARE(lin.front(), 2.0);
    QCOMPARE(lin.back(), 8.0);
    const auto lg = logTicks(0.01, 1000, 6);
    QCOMPARE(lg.front(), 0.01);
    QCOMPARE(lg.back(), 1000.0);
    QCOMPARE(tickLabel(0.5, 0.1), QStringLiteral("0.5"));
    QCOMPARE(tickLabel(20000, 5000), QStringLiteral("20k"));
    // Log-axis labels are short (the unit is on the axis title): 1k, not 1000 beside 2000.
    QCOMPARE(tickLabel(1000, 1000), QStringLiteral("1k"));
    QCOMPARE(tickLabel(0.05, 0.05), QStringLiteral("0.05"));
    QCOMPARE(tickLabel(9500, 500), QStringLiteral("9500"));
    QCOMPARE(tickLabel(0, 2000), QStringLiteral("0"));
    // Labels 40 px wide on a 200 px axis over 0.01..1000 (5 decades, 40 px each): 1-2-5 cannot
    // fit, decades touch (no gap), so every other decade.
    auto pos = [](double v) { return (std::log10(v) + 2) * 40; };
    auto width40 = [](const QString&) { return 40.0; };
    const auto fit = fittingLogTicks(0.01, 1000, 200, pos, width40, 4);
    QCOMPARE(int(fit.size()), 3);
    QCOMPARE(fit[0].value, 0.01);
    QCOMPARE(fit[1].value, 1.0);
    QCOMPARE(fit[2].value, 100.0);
    QCOMPARE(fit[0].centre, 20.0); // pushed inside the axis
    // Room for 1-2-5: 2000 px.
    QCOMPARE(int(fittingLogTicks(
                 0.01, 1000, 2000, [](double v) { return (std::log10(v) + 2) * 400; }, width40, 4)
                     .size()),
        16);
}

void TestUiCharts::jsonPaths()
{
    const QJsonObject params = QJsonDocument::fromJson(R"({"tasks": 3, "server": {"rate_limit": {"rate_per_s": 50}},
        "script": [{"name": "a", "steps": [{"io_ms": 5}, {"cpu_ms": 7}]}]})")
                                   .object();
    QCOMPARE(valueAtPath(params, QStringLiteral("tasks")).toInt(), 3);
    QCOMPARE(valueAtPath(params, QStringLiteral("server.rate_limit.rate_per_s")).toInt(), 50);
    QCOMPARE(valueAtPath(params, QStringLiteral("script[0].steps[1].cpu_ms")).toInt(), 7);
    QVERIFY(valueAtPath(params, QStringLiteral("script[3].name")).isUndefined());
    QVERIFY(valueAtPath(params, QStringLiteral("nope")).isUndefined());
    QVERIFY(valueAtPath(params, QStringLiteral("bad[")).isUndefined());
}

void TestUiCharts::notesMarkdownKeepsChineseBold()
{
    QCOMPARE(notesMarkdown(QStringLiteral("**观察：**两条泳道")), QStringLiteral("**观察**：两条泳道"));
    QCOMPARE(notesMarkdown(QStringLiteral("**Watch:** the lanes")), QStringLiteral("**Watch**: the lanes"));
    QCOMPARE(notesMarkdown(QStringLiteral("plain **bold** text")), QStringLiteral("plain **bold** text"));
    // And Qt's markdown reader then really makes it bold.
    QTextDocument doc;
    doc.setMarkdown(notesMarkdown(QStringLiteral("**观察：**两条泳道")));
    QVERIFY(doc.toHtml().contains(QStringLiteral("font-weight")));
}

void TestUiCharts::metricsModelIsAValidModel()
{
    LabMetricsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.setMetrics({{QStringLiteral("lag_p99_ms"), 4.5}, {QStringLiteral("tasks"), 10}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("lag_p99_ms"));
    QCOMPARE(model.data(model.index(0, 1), Qt::UserRole).toDouble(), 4.5);
    QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("10"));
    // Same keys: values change in place (views keep selection), no reset.
    const int resetsBefore = int(resets.size());
    model.setMetrics({{QStringLiteral("lag_p99_ms"), 9.0}, {QStringLiteral("tasks"), 10}});
    QCOMPARE(int(resets.size()), resetsBefore);
    QCOMPARE(changes.size(), 1);
    model.setMetrics({{QStringLiteral("only"), 1}});
    QCOMPARE(model.rowCount(), 1);
    // Enumerations show their names: which search backend actually ran.
    model.setMetrics({{QStringLiteral("backend"), 0}});
    QCOMPARE(model.data(model.index(0, 1)).toString(), QStringLiteral("cpu (0)"));
    model.setMetrics({{QStringLiteral("backend"), 1}});
    QCOMPARE(model.data(model.index(0, 1)).toString(), QStringLiteral("cuda (1)"));
    QCOMPARE(model.data(model.index(0, 1), Qt::UserRole).toDouble(), 1.0);
    model.setMetrics({});
    QCOMPARE(model.rowCount(), 0);
}

void TestUiCharts::timeSeriesChartBoundsPoints()
{
    TimeSeriesChart chart(QStringLiteral("lag"), QStringLiteral("lag (ms)"));
    chart.addSeries(QStringLiteral("lag"), QStringLiteral("ms"), Qt::blue);
    chart.resize(640, 300);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart) || true);
    metrics::SeriesData s;
    s.binNs = 10'000'000;
    for (int i = 0; i < 6000; ++i)
        s.values.push_back(i == 3000 ? 200.0 : 1.0 + (i % 7) * 0.1);
    chart.setFrame(0, 60, {&s});
    QApplication::processEvents();
    chart.setFrame(0, 60, {&s}); // second frame: plot area known
    const qsizetype pts = chart.pointCount(0);
    QVERIFY2(pts <= 2 * 640 + 4, qPrintable(QString::number(pts)));
    QVERIFY(pts > 100);
    const QImage img = chart.grab().toImage();
    QVERIFY(uitest::greyVariance(img) > 20);
    // Frozen: a new frame changes nothing.
    chart.setFrozen(true);
    metrics::SeriesData other = s;
    other.values.assign(10, 5.0);
    chart.setFrame(0, 60, {&other});
    QCOMPARE(chart.pointCount(0), pts);
}

// Qt Charts' title and legend are painted into the chart's cached layer, not by the view on
// every paint: frame after frame (data growing, the y axis growing, a legend marker hidden and
// dimmed, a new title, a resize) the chart must look exactly as one whose view paints the items
// itself, and the layer is painted again only when something in it changed.
void TestUiCharts::timeSeriesChartLayerHoldsTitleAndLegendAsPaintedLive()
{
    TimeSeriesChart cached(QStringLiteral("Throughput"), QStringLiteral("rate (1/s)"));
    TimeSeriesChart live(QStringLiteral("Throughput"), QStringLiteral("rate (1/s)"));
    live.setItemsInLayer(false);
    for (TimeSeriesChart* c : {&cached, &live}) {
        c->addSeries(QStringLiteral("tasks completed"), QStringLiteral("1/s"), Theme::current().seriesColor(0));
        c->addSeries(QStringLiteral("results to the caller"), QStringLiteral("1/s"), Theme::current().seriesColor(1));
        c->setReferenceLine(40, QStringLiteral("ceiling"), Theme::current().alert);
        c->resize(520, 260);
    }
    metrics::SeriesData a, b;
    a.binNs = b.binNs = 10'000'000;
    int frames = 0;
    auto frame = [&](int bins, double scale) {
        while (int(a.values.size()) < bins) {
            const double i = double(a.values.size());
            a.values.push_back(scale * (20 + 10 * std::sin(i / 37)));
            b.values.push_back(scale * (18 + 9 * std::cos(i / 23)));
        }
        QImage img[2];
        int n = 0;
        for (TimeSeriesChart* c : {&cached, &live}) {
            c->setFrame(0, 30, {&a, &b});
            QApplication::processEvents(); // Qt Charts lays out; the scene reports its changes
            img[n++] = c->grab().toImage();
        }
        ++frames;
        QVERIFY2(img[0] == img[1], qPrintable(QStringLiteral("frame %1 differs").arg(frames)));
        QVERIFY(uitest::greyVariance(img[0]) > 20);
    };
    // Sparse lines, then dense ones (other pens: the legend's markers change too).
    for (int bins : {10, 200, 201, 400, 600, 800})
        frame(bins, 1);
    if (QTest::currentTestFailed())
        return;
    // New data under the same axes: the layer is kept.
    const int painted = cached.layerPaintCount();
    for (int bins : {900, 1000, 1100})
        frame(bins, 1);
    QCOMPARE(cached.layerPaintCount(), painted);
    frame(1200, 3); // the y axis grows: a new layer
    QVERIFY(cached.layerPaintCount() > painted);
    // A series hidden from its legend marker, its label dimmed (as the panels do).
    for (TimeSeriesChart* c : {&cached, &live})
        for (QLegendMarker* m : c->chart()->legend()->markers()) {
            if (m->label() != QLatin1String("results to the caller"))
                continue;
            m->series()->setVisible(false);
            m->setVisible(true);
            m->setLabelBrush(Theme::current().mutedText);
        }
    frame(1300, 3);
    for (TimeSeriesChart* c : {&cached, &live})
        c->setTitles(QStringLiteral("Throughput (0.5 s mean)"), QStringLiteral("rate (1/s)"));
    frame(1400, 3);
    for (TimeSeriesChart* c : {&cached, &live})
        c->resize(700, 320);
    frame(1500, 3);
    frame(1600, 3);
}

namespace {
// The region of each paint event a widget gets.
class PaintRegions : public QObject
{
public:
    std::vector<QRegion> regions;
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::Paint)
            regions.push_back(static_cast<QPaintEvent*>(e)->region());
        return false;
    }
};
} // namespace

// While the layer (axes, title, legend) holds, a frame repaints the plot only, and with kept
// lines only the columns they changed in: what the window shows after frame upon frame of
// partial repaints (new bins, a mark added, the reference line moved, the y axis growing) must
// be exactly what a whole repaint paints; most frames repaint a narrow strip, an axis change
// repaints the whole chart.
void TestUiCharts::timeSeriesChartRepaintsOnlyItsPlotWhileTheLayerHolds()
{
    TimeSeriesChart chart(QStringLiteral("Throughput"), QStringLiteral("rate (1/s)"));
    chart.addSeries(QStringLiteral("tasks completed"), QStringLiteral("1/s"), Theme::current().seriesColor(0));
    chart.addSeries(QStringLiteral("results to the caller"), QStringLiteral("1/s"), Theme::current().seriesColor(1));
    chart.resize(520, 260);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    if (chart.devicePixelRatioF() != 1)
        QSKIP("the offscreen platform's grabWindow() gives logical pixels at other ratios");
    PaintRegions paints;
    chart.viewport()->installEventFilter(&paints);
    metrics::SeriesData a, b;
    a.binNs = b.binNs = 10'000'000;
    int narrow = 0, plotOnly = 0, whole = 0;
    const QRect all = chart.viewport()->rect();
    std::vector<ChartMark> marks{{12.5, Theme::current().alert, QStringLiteral("restart")}};
    double refY = 40;
    for (int frame = 0; frame < 160; ++frame) {
        const int bins = frame == 0 ? 100 : (frame == 10 ? 1200 : 3); // sparse, then dense
        for (int k = 0; k < bins; ++k) {
            const double i = double(a.values.size());
            const double scale = frame >= 140 ? 3 : 1; // the y axis grows once
            a.values.push_back(scale * (20 + 10 * std::sin(i / 37) + 4 * std::cos(i * 1.3)));
            b.values.push_back(scale * (18 + 9 * std::cos(i / 23) + 4 * std::sin(i * 2.1)));
        }
        if (frame == 60)
            marks.push_back({14.0, Theme::current().alert, QStringLiteral("restart")});
        if (frame == 90)
            refY = 25;
        paints.regions.clear();
        chart.setMarks(marks);
        chart.setReferenceLine(refY, QStringLiteral("ceiling"), Theme::current().alert);
        chart.setFrame(0, 30, {&a, &b});
        QApplication::processEvents();
        QApplication::processEvents();
        for (const QRegion& r : paints.regions) {
            if (r.boundingRect().contains(all))
                ++whole;
            else
                ++(r.boundingRect().width() < 40 ? narrow : plotOnly);
        }
        const QImage shown = chart.screen()->grabWindow(chart.winId()).toImage().convertToFormat(QImage::Format_RGB32);
        const QImage fresh = chart.grab().toImage().convertToFormat(QImage::Format_RGB32);
        QVERIFY2(shown == fresh, qPrintable(QStringLiteral("frame %1: the window differs").arg(frame)));
    }
    const QString counts = QStringLiteral("%1 narrow, %2 plot, %3 whole").arg(narrow).arg(plotOnly).arg(whole);
    QVERIFY2(narrow >= 100, qPrintable(counts));
    QVERIFY2(plotOnly >= 2, qPrintable(counts));
    QVERIFY2(whole >= 2, qPrintable(counts));
}

// The chart keeps its stroked dense lines between frames and strokes only the columns from the
// first point that changed: frame after frame (sparse lines first, then a dense envelope; new
// bins, the newest bin still filling, an older bin changed late, the y axis growing, a series
// hidden, the window stepping on) it must paint exactly what a chart that strokes every line
// whole paints, and most frames stroke a narrow band only.
void TestUiCharts::timeSeriesChartStrokesOnlyNewColumnsAsFullRepaint()
{
    TimeSeriesChart kept(QStringLiteral("CPU per worker"), QStringLiteral("CPU (%)"));
    TimeSeriesChart whole(QStringLiteral("CPU per worker"), QStringLiteral("CPU (%)"));
    whole.setLinesKept(false);
    for (TimeSeriesChart* c : {&kept, &whole}) {
        for (int k = 0; k < 3; ++k)
            c->addSeries(QStringLiteral("process %1").arg(k + 1), QStringLiteral("%"), Theme::current().seriesColor(k));
        c->setReferenceLine(90, QStringLiteral("90 %"), Theme::current().alert);
        c->setMarks({{7.5, Theme::current().alert, QStringLiteral("restart")}});
        c->resize(560, 280);
    }
    std::vector<metrics::SeriesData> data(3);
    for (auto& d : data)
        d.binNs = 10'000'000;
    double scale = 1;
    double fromS = 0, toS = 30;
    int frames = 0, narrow = 0;
    auto frame = [&](int bins) {
        for (int b = 0; b < bins; ++b)
            for (size_t k = 0; k < data.size(); ++k) {
                const double i = double(data[k].values.size());
                data[k].values.push_back(
                    scale * (40 + 30 * std::sin(i / (70 + 50 * double(k))) + 10 * std::cos(i * 1.7)));
            }
        // The newest bin is still filling: its value changes from frame to frame.
        for (auto& d : data)
            d.values.back() += 3;
        std::vector<const metrics::SeriesData*> ptrs;
        for (const auto& d : data)
            ptrs.push_back(&d);
        QImage img[2];
        int n = 0;
        for (TimeSeriesChart* c : {&kept, &whole}) {
            c->setFrame(fromS, toS, ptrs);
            QApplication::processEvents();
            img[n++] = c->grab().toImage();
        }
        ++frames;
        narrow += kept.lastStrokedWidth() < 40;
        QVERIFY2(img[0] == img[1], qPrintable(QStringLiteral("frame %1 differs").arg(frames)));
    };
    // Few points: antialiased 2-px segments. Then 4 s: 1200 points, hairlines; past about 5 s the
    // bins are thinned to min/max pairs and fewer than the pixels again: antialiased segments.
    for (int f = 0; f < 10 && !QTest::currentTestFailed(); ++f)
        frame(3);
    frame(400);
    for (int f = 0; f < 60 && !QTest::currentTestFailed(); ++f)
        frame(3);
    // At a fractional device pixel ratio the lines are stroked whole (no strips to count).
    const bool strips = kept.devicePixelRatioF() == std::floor(kept.devicePixelRatioF());
    QVERIFY2(!strips || narrow > 40, qPrintable(QStringLiteral("%1 of %2 frames narrow").arg(narrow).arg(frames)));
    narrow = 0;
    frame(1000); // 14 s: min/max pairs of three series, more than the pixels: hairlines
    for (int f = 0; f < 150 && !QTest::currentTestFailed(); ++f) {
        if (f == 70)
            data[1].values[data[1].values.size() - 120] = 95; // a bin 1.2 s back changed late
        frame(3);
    }
    QVERIFY2(!strips || narrow > 110, qPrintable(QStringLiteral("%1 of %2 frames narrow").arg(narrow).arg(frames)));
    scale = 1.6; // the y axis grows
    for (int f = 0; f < 5 && !QTest::currentTestFailed(); ++f)
        frame(3);
    // A series hidden from its legend marker.
    for (TimeSeriesChart* c : {&kept, &whole})
        c->chart()->series().at(1)->setVisible(false);
    for (int f = 0; f < 5 && !QTest::currentTestFailed(); ++f)
        frame(3);
    fromS = 5, toS = 35; // the window steps on
    for (int f = 0; f < 5 && !QTest::currentTestFailed(); ++f)
        frame(3);
}

static std::shared_ptr<metrics::Snapshot> makeLaneSnapshot(int lanes, int spansPerLane, int64_t spanNs, int64_t gapNs)
{
    auto snap = std::make_shared<metrics::Snapshot>();
    snap->labs.resize(1);
    auto& lab = snap->labs[0];
    lab.id = QStringLiteral("x");
    lab.kind = QStringLiteral("event_loop");
    for (int l = 0; l < lanes; ++l) {
        metrics::LaneData d;
        d.name = l == 0 ? QStringLiteral("event loop") : QStringLiteral("lane %1").arg(l);
        d.group = l == 0 ? QStringLiteral("loop") : QStringLiteral("tasks");
        int64_t t = 0;
        for (int i = 0; i < spansPerLane; ++i) {
            const auto st = (i % 50 == 49) ? LaneState::Blocking : (l % 2 ? LaneState::IoWait : LaneState::Running);
            const int64_t len = st == LaneState::Blocking ? 200'000'000 : spanNs;
            d.spans.push_back({t, t + len, st, 0});
            d.totalNs[size_t(st)] += len;
            t += len + gapNs;
        }
        lab.lanes.push_back(std::move(d));
    }
    return snap;
}

void TestUiCharts::timelineFoldsSubPixelSpans()
{
    // 20 000 ticks of 50 µs every 1 ms on the loop lane, 5 lanes: far more spans than pixels.
    auto snap = makeLaneSnapshot(5, 20000, 50'000, 950'000);
    TimelineWidget tl(QStringLiteral("timeline"));
    tl.resize(900, 300);
    const double endS = double(snap->labs[0].lanes[0].spans.back().endNs) * 1e-9;
    tl.setFrame(snap, &snap->labs[0], 0, endS);
    const QImage img = tl.grab().toImage();
    QCOMPARE(tl.visibleLaneCount(), 5);
    // At most about one rectangle per pixel column per lane (a span wider than a pixel between
    // folded columns costs one more).
    QVERIFY2(tl.lastRectCount() <= 2 * 5 * 900, qPrintable(QString::number(tl.lastRectCount())));
    QVERIFY(tl.lastRectCount() > 100);
    QVERIFY(uitest::greyVariance(img) > 50);
    // The blocking spans (200 ms, wider than a pixel) are drawn in the Blocking colour.
    QVERIFY(uitest::countColour(img, Theme::current().stateColor(LaneState::Blocking), 4) > 50);
}

void TestUiCharts::timelineBinarySearchShowsOnlyTheWindow()
{
    auto snap = makeLaneSnapshot(2, 2000, 5'000'000, 5'000'000); // 10 ms per span+gap: 20 s
    TimelineWidget tl(QStringLiteral("timeline"));
    tl.resize(800, 200);
    tl.setFrame(snap, &snap->labs[0], 10.0, 10.5); // spans of 5 ms are several pixels wide here
    tl.grab();
    int expected = 0;
    for (const auto& lane : snap->labs[0].lanes)
        for (const auto& s : lane.spans)
            expected += s.endNs > 10'000'000'000 && s.startNs < 10'500'000'000;
    QVERIFY(expected > 20);
    QCOMPARE(tl.lastRectCount(), expected);
}

void TestUiCharts::tickStripMarksSlowTicks()
{
    auto snap = makeLaneSnapshot(1, 3000, 100'000, 900'000); // every 50th tick is a 200 ms blocking call
    snap->labs[0].marks.push_back({1'000'000'000, QStringLiteral("slow_callback"), 200});
    TickStrip strip(QStringLiteral("ticks"));
    strip.resize(900, 160);
    strip.setSlowThresholdMs(100);
    strip.setFrame(snap, &snap->labs[0], 0, 3.0);
    const QImage img = strip.grab().toImage();
    QVERIFY(strip.lastTickCount() > 100);
    QVERIFY(strip.lastSlowCount() >= 5);
    QVERIFY(uitest::countColour(img, Theme::current().alert, 4) > 100); // slow ticks in red
    QVERIFY(uitest::countColour(img, Theme::current().stateColor(LaneState::Running), 60) > 10);
}

// The collector kept only the ticks after 1.5 s of a 0-3 s window: the strip's left half is hatched
// and captioned, not painted as an idle loop (idle fill); told nothing, it would look idle.
void TestUiCharts::tickStripHatchesTicksNotKept()
{
    constexpr int64_t kCutNs = 1'500'000'000;
    auto idleInLeftHalf = [&](int64_t detailFromNs) {
        auto snap = makeLaneSnapshot(1, 3000, 100'000, 900'000);
        auto& lane = snap->labs[0].lanes[0];
        std::erase_if(lane.spans, [](const metrics::Span& s) { return s.startNs < kCutNs; });
        lane.detailFromNs = detailFromNs;
        TickStrip strip(QStringLiteral("ticks"));
        strip.resize(900, 160);
        strip.setFrame(snap, &snap->labs[0], 0, 3.0);
        const QImage img = strip.grab().toImage();
        // Inside the plot, left of the cut (the plot starts after the y axis, ~70 px; the cut is
        // at its middle, ~480 px), between the legend and the time axis.
        return uitest::countColour(img.copy(QRect(150, 60, 250, 40)), Theme::current().idleFill, 2);
    };
    const int told = idleInLeftHalf(kCutNs), untold = idleInLeftHalf(0);
    QVERIFY2(untold > 5000, qPrintable(QString::number(untold)));
    QVERIFY2(told < untold / 10, qPrintable(QStringLiteral("%1 vs %2").arg(told).arg(untold)));
}

// The tick strip redraws only the columns from its newest tick on (the rest is kept from the
// last paint): frame after frame of a growing lane, a restart and a longer tick (another scale),
// it must paint exactly what a fresh strip paints from the same data.
void TestUiCharts::tickStripDrawsOnlyNewTicksAsFullRepaint()
{
    auto full = makeLaneSnapshot(1, 3000, 100'000, 900'000);
    const auto& all = full->labs[0].lanes[0].spans;
    auto frameOf = [&](std::shared_ptr<metrics::Snapshot> snap, TickStrip& strip) {
        strip.setFrame(snap, &snap->labs[0], 0, 6.0);
        return strip.grab().toImage();
    };
    auto fresh = [&](std::shared_ptr<metrics::Snapshot> snap, int* ticks) {
        TickStrip strip(QStringLiteral("ticks"));
        strip.resize(900, 160);
        const QImage img = frameOf(snap, strip);
        *ticks = strip.lastTickCount();
        return img;
    };
    TickStrip live(QStringLiteral("ticks"));
    live.resize(900, 160);
    for (size_t n : {size_t(1), size_t(400), size_t(401), size_t(1290), size_t(2000), all.size()}) {
        auto snap = std::make_shared<metrics::Snapshot>(*full);
        auto& spans = snap->labs[0].lanes[0].spans;
        spans.resize(n);
        if (n > 1)
            spans.back().endNs = (spans.back().startNs + spans.back().endNs) / 2; // still running
        const QImage got = frameOf(snap, live);
        int ticks = 0;
        QCOMPARE(got, fresh(snap, &ticks));
        QCOMPARE(live.lastTickCount(), ticks);
    }
    // A restart: other ticks in the same window, one of them 2 s long (a decade more of scale).
    auto other = makeLaneSnapshot(1, 2000, 300'000, 1'200'000);
    other->labs[0].lanes[0].spans[700].endNs += 2'000'000'000;
    int ticks = 0;
    QCOMPARE(frameOf(other, live), fresh(other, &ticks));
    QCOMPARE(live.lastTickCount(), ticks);
}

// The pool Gantt's overview strip (the panel's whole window under the zoomed lanes) redraws only
// the columns from its lanes' newest spans on: frame after frame of growing lanes, the window
// stepping on, spans dropped inside the window and a restart, the Gantt must paint exactly what
// one that paints its whole strip every time paints.
void TestUiCharts::poolGanttOverviewDrawsOnlyNewSpansAsFullRepaint()
{
    // Two worker processes: 40 ms of work (a pixel and more at 30 s in ~800 px), then 1 ms of IPC
    // (folded into a column with its neighbours), lane 2 out of phase with lane 1.
    auto makeSnapshot = [](int64_t offsetNs, int64_t workNs) {
        auto snap = std::make_shared<metrics::Snapshot>();
        snap->labs.resize(1);
        auto& lab = snap->labs[0];
        lab.id = QStringLiteral("fib");
        lab.kind = QStringLiteral("pool");
        for (int l = 0; l < 2; ++l) {
            metrics::LaneData d;
            d.name = QStringLiteral("process %1").arg(l + 1);
            d.group = QStringLiteral("processes");
            int64_t t = offsetNs + l * 17'000'000;
            for (int i = 0; t < 40'000'000'000; ++i) {
                const int64_t work = workNs + (i % 5) * 3'000'000;
                d.spans.push_back({t, t + work, LaneState::Running, 0});
                d.spans.push_back({t + work, t + work + 1'000'000, LaneState::Ipc, 0});
                if (i % 7 == 3) // now and then idle for a while
                    t += 60'000'000;
                t += work + 1'000'000;
            }
            lab.lanes.push_back(std::move(d));
        }
        return snap;
    };
    PoolViewConfig cfg;
    cfg.processes = true;
    cfg.workers = 2;
    auto makeGantt = [&](bool kept) {
        auto g = std::make_unique<PoolGantt>(QStringLiteral("Worker processes"));
        g->setConfig(cfg);
        g->setOverviewKept(kept);
        g->resize(1000, 300);
        return g;
    };
    auto live = makeGantt(true), whole = makeGantt(false);
    int frames = 0, fewerRects = 0;
    auto frame = [&](const std::shared_ptr<metrics::Snapshot>& full, int64_t nowNs, double fromS, double toS) {
        // The snapshot at nowNs: the spans begun by then, the last one still running.
        auto snap = std::make_shared<metrics::Snapshot>(*full);
        for (auto& lane : snap->labs[0].lanes) {
            std::erase_if(lane.spans, [&](const metrics::Span& s) { return s.startNs >= nowNs; });
            if (!lane.spans.empty())
                lane.spans.back().endNs = std::min(lane.spans.back().endNs, nowNs);
        }
        QImage img[2];
        int rects[2] = {};
        int n = 0;
        for (PoolGantt* g : {live.get(), whole.get()}) {
            g->setFrame(snap, &snap->labs[0], double(nowNs) * 1e-9, fromS, toS);
            img[n] = g->grab().toImage();
            rects[n++] = g->lastRectCount();
        }
        ++frames;
        fewerRects += rects[0] < rects[1];
        QVERIFY2(img[0] == img[1], qPrintable(QStringLiteral("frame %1 (%2 s) differs").arg(frames).arg(nowNs * 1e-9)));
        QVERIFY(uitest::greyVariance(img[0]) > 20);
    };
    auto run = makeSnapshot(0, 40'000'000);
    for (int64_t ms : {5, 700, 733, 2000, 2016, 9000, 9033, 9066, 15000, 24000, 24033, 29990})
        frame(run, ms * 1'000'000, 0, 30);
    // At a fractional device pixel ratio the strip is painted whole (no fewer rectangles).
    const qreal dpr = live->devicePixelRatioF();
    QVERIFY2(dpr != std::floor(dpr) || fewerRects >= 6, qPrintable(QString::number(fewerRects)));
    // The window steps on; then the collector drops the first spans inside it.
    for (int64_t ms : {30100, 30133, 34000})
        frame(run, ms * 1'000'000, 5, 35);
    auto dropped = std::make_shared<metrics::Snapshot>(*run);
    for (auto& lane : dropped->labs[0].lanes)
        std::erase_if(lane.spans, [](const metrics::Span& s) { return s.startNs < 7'000'000'000; });
    frame(dropped, 34'033'000'000, 5, 35);
    frame(dropped, 34'066'000'000, 5, 35);
    // A restart: other spans in the same window (longer work, another phase).
    auto other = makeSnapshot(11'000'000, 90'000'000);
    frame(other, 34'100'000'000, 5, 35);
    frame(other, 34'133'000'000, 5, 35);
}

void TestUiCharts::histogramPaintsBucketsAndPercentiles()
{
    metrics::HistogramData h;
    h.name = QStringLiteral("task_latency_ms");
    h.unit = QStringLiteral("ms");
    h.count = 1000;
    h.min = 1;
    h.max = 300;
    h.mean = 12;
    h.p50 = 8;
    h.p90 = 40;
    h.p95 = 90;
    h.p99 = 250;
    for (double lo = 1; lo < 300; lo *= 1.1)
        h.buckets.push_back({lo, lo * 1.1, 20});
    HistogramView view(QStringLiteral("latency"));
    view.resize(500, 260);
    view.setFrame(nullptr, &h);
    const QImage img = view.grab().toImage();
    QVERIFY(view.lastBarCount() > 10);
    QVERIFY(uitest::greyVariance(img) > 50);
    QVERIFY(uitest::countColour(img, Theme::current().alert, 20) > 20); // the p99 line
    // No data: placeholder, nothing drawn.
    view.setFrame(nullptr, nullptr);
    view.grab();
    QCOMPARE(view.lastBarCount(), 0);
}

namespace {
// Counts the paint events a widget receives.
class PaintCounter : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};
} // namespace

void TestUiCharts::gaugeRepaintsAtMostTenTimesASecondButShowsTheLastValue()
{
    // Issue 18: a value set 60 times a second is repainted at most every 100 ms (the GUI thread's
    // CPU under saturation), and the last value set is painted even when nothing follows it.
    GaugeBar gauge(QStringLiteral("lag now"), QStringLiteral("ms"));
    gauge.resize(240, 60);
    gauge.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gauge));
    PaintCounter counter;
    gauge.installEventFilter(&counter);
    QElapsedTimer wall;
    wall.start();
    int sets = 0;
    while (wall.elapsed() < 600) {
        gauge.setValue(double(++sets));
        QTest::qWait(16);
    }
    const double seconds = double(wall.elapsed()) / 1000;
    const int paintsWhileSetting = counter.paints;
    QVERIFY2(sets >= 10, qPrintable(QStringLiteral("only %1 values set").arg(sets)));
    // At most one repaint per 100 ms (+1 for the first, +1 for the edge of the window).
    QVERIFY2(paintsWhileSetting <= int(seconds * 10) + 2,
        qPrintable(QStringLiteral("%1 paints for %2 values in %3 s").arg(paintsWhileSetting).arg(sets).arg(seconds)));
    QVERIFY2(paintsWhileSetting < sets,
        qPrintable(QStringLiteral("%1 paints for %2 values").arg(paintsWhileSetting).arg(sets)));
    // A value set inside the interval is painted at its end with no further setValue(): the
    // first of these two repaints at once, the second only by the throttle's own timer.
    QTest::qWait(150);
    const int before = counter.paints;
    gauge.setValue(-1);
    gauge.setValue(-2);
    QTRY_VERIFY_WITH_TIMEOUT(counter.paints >= before + 2, 1000);
    QCOMPARE(gauge.value(), -2.0);
}

QTEST_MAIN(TestUiCharts)
#include "test_ui_charts.moc"

// Axis labels stay readable at every chart width (issue 16): a log-scale histogram printed
// "0.050.10.2" and "10002000" where neighbouring tick labels ran into each other, and narrow
// charts elided their axis titles to "CPU (…" and tick labels to "…". Each chart is rendered at
// several sizes into a device that records the text really drawn (text_recorder.h), and the
// layout is checked: no two labels overlap, none is elided or cut by a clip, none leaves the
// chart, and every axis title is drawn whole (one line or wrapped into several).
#include "charts/histogram_view.h"
#include "charts/tick_strip.h"
#include "charts/time_series_chart.h"
#include "i18n/language.h"
#include "presenter/presenter_mode.h"
#include "text_recorder.h"
#include "theme.h"

#include <QtTest>

#include <cmath>

using namespace looplab;
using namespace looplab::ui;
using uitest::DrawnText;

namespace {

// A latency histogram of `n` log-spaced buckets between lo and hi, a hump in the middle.
metrics::HistogramData histogram(const QString& name, const QString& unit, double lo, double hi)
{
    metrics::HistogramData h;
    h.name = name;
    h.unit = unit;
    const double ratio = 1.1;
    int i = 0;
    for (double v = lo; v < hi; v *= ratio, ++i) {
        const double c = 5 + 40 * std::exp(-std::pow(std::log(v / std::sqrt(lo * hi)) / std::log(hi / lo) * 4, 2));
        h.buckets.push_back({v, v * ratio, std::round(c)});
        h.count += uint64_t(std::round(c));
    }
    h.min = lo;
    h.max = hi;
    h.mean = std::sqrt(lo * hi);
    h.p50 = h.mean;
    h.p90 = std::pow(hi, 0.8) * std::pow(lo, 0.2);
    h.p95 = std::pow(hi, 0.9) * std::pow(lo, 0.1);
    h.p99 = hi * 0.95;
    return h;
}

// A tick strip's loop lane: 100 µs ticks every ms and a 200 ms blocking call every 50.
std::shared_ptr<metrics::Snapshot> loopSnapshot()
{
    auto snap = std::make_shared<metrics::Snapshot>();
    snap->labs.resize(1);
    auto& lab = snap->labs[0];
    lab.id = QStringLiteral("x");
    metrics::LaneData d;
    d.name = QStringLiteral("event loop");
    int64_t t = 0;
    for (int i = 0; i < 3000; ++i) {
        const bool blocking = i % 50 == 49;
        const int64_t len = blocking ? 200'000'000 : 100'000;
        d.spans.push_back({t, t + len, blocking ? metrics::LaneState::Blocking : metrics::LaneState::Running, 0});
        t += len + 900'000;
    }
    lab.lanes.push_back(std::move(d));
    return snap;
}

// Without any white space: a title wrapped into lines (Latin or Chinese) reads the same.
QString normalized(QString s)
{
    s.remove(QRegularExpression(QStringLiteral("\\s")));
    return s;
}

} // namespace

class TestUiChartLabels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup()
    {
        Theme::setFontScale(1.0);
        applyLanguage(QStringLiteral("en"));
    }
    void labelsFitAtEveryWidth_data();
    void labelsFitAtEveryWidth();
};

void TestUiChartLabels::labelsFitAtEveryWidth_data()
{
    QTest::addColumn<QString>("chart");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<double>("fontScale");
    QTest::addColumn<QString>("language");
    // Charts as the panels build them, from the narrowest a layout gives them to a wide one, and
    // in presenter mode (its larger fonts, for a projector).
    const struct {
        const char* chart;
        int height;
    } charts[] = {{"histogram ms", 220}, {"histogram us", 220}, {"tick strip", 150}, {"cpu chart", 200},
        {"cpu chart short", 150}};
    for (const auto& c : charts)
        for (int w : {180, 260, 400, 900})
            for (double scale : {1.0, PresenterMode::kFontScale})
                QTest::addRow("%s %d px%s", c.chart, w, scale > 1 ? " presenter" : "")
                    << QString::fromLatin1(c.chart) << w << int(c.height * std::max(1.0, scale * 0.9)) << scale
                    << QStringLiteral("en");
    // Chinese titles (a CJK fallback font, no spaces to wrap at) on narrow charts.
    for (const auto& c : charts)
        for (int w : {180, 400})
            QTest::addRow("%s %d px Chinese", c.chart, w)
                << QString::fromLatin1(c.chart) << w << c.height << 1.0 << QStringLiteral("zh_CN");
}

void TestUiChartLabels::labelsFitAtEveryWidth()
{
    QFETCH(QString, chart);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(double, fontScale);
    QFETCH(QString, language);
    QVERIFY(applyLanguage(language));
    Theme::setFontScale(fontScale);
    auto tr = [](const char* context, const char* text) { return QCoreApplication::translate(context, text); };

    std::unique_ptr<QWidget> w;
    QStringList titles; // axis titles that must be drawn whole
    // Data kept alive while the chart paints.
    metrics::HistogramData hist;
    metrics::SeriesData cpu[3];
    std::shared_ptr<metrics::Snapshot> snap;
    if (chart.startsWith(QLatin1String("histogram"))) {
        // Latencies from 30 µs to 0.9 ms (ticks 0.05, 0.1, 0.2…) or IPC round trips from 800 µs
        // to 20 ms in µs (1000, 2000, 5000…): both once printed their labels run together.
        const bool ms = chart.endsWith(QLatin1String("ms"));
        hist = ms ? histogram(QStringLiteral("task_latency_ms"), QStringLiteral("ms"), 0.03, 0.9)
                  : histogram(QStringLiteral("ipc_us"), QStringLiteral("µs"), 800, 20000);
        auto* v = new HistogramView(ms ? QStringLiteral("Task latency") : QStringLiteral("IPC round trip"));
        const QString valueTitle = ms ? QStringLiteral("task latency (ms)") : QStringLiteral("IPC (µs)");
        v->setValueTitle(valueTitle);
        v->setFrame(nullptr, &hist);
        titles << valueTitle << tr("looplab::ui::HistogramView", "samples (%)");
        w.reset(v);
    } else if (chart == QLatin1String("tick strip")) {
        snap = loopSnapshot();
        auto* s = new TickStrip(QStringLiteral("Event loop ticks"));
        s->setSlowThresholdMs(100);
        s->setFrame(snap, &snap->labs[0], 0, 3.0);
        titles << tr("looplab::ui::TickStrip", "tick (ms, log)") << tr("looplab::ui::PaintedChart", "time (s)");
        w.reset(s);
    } else {
        // The pool panel's CPU chart: one line per worker and their mean, a legend of three.
        auto* c = new TimeSeriesChart(QStringLiteral("CPU per worker"), QStringLiteral("CPU (%)"));
        for (int i = 0; i < 3; ++i) {
            c->addSeries(i < 2 ? QStringLiteral("thread %1").arg(i + 1) : QStringLiteral("mean"), QStringLiteral("%"),
                Theme::current().seriesColor(i));
            cpu[i].binNs = 100'000'000;
            for (int k = 0; k < 100; ++k)
                cpu[i].values.push_back(50 + 45 * std::sin(k * 0.3 + i));
        }
        titles << QStringLiteral("CPU (%)") << tr("looplab::ui::TimeSeriesChart", "time (s)");
        w.reset(c);
    }
    // No layout makes a chart narrower than its minimum size hint: that is the narrowest it has
    // to be readable at.
    w->resize(std::max(width, w->minimumSizeHint().width()), height);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    if (auto* c = qobject_cast<TimeSeriesChart*>(w.get())) {
        // Twice: the second frame knows the plot area.
        for (int i = 0; i < 2; ++i) {
            c->setFrame(0, 10, {&cpu[0], &cpu[1], &cpu[2]});
            QApplication::processEvents();
        }
    }
    const QSize size = w->size(); // a chart may refuse to be narrower than its minimum
    const std::vector<DrawnText> texts = uitest::drawnTexts(*w);
    QVERIFY2(texts.size() >= 6, qPrintable(QString::number(texts.size())));

    QString report;
    for (const DrawnText& t : texts)
        report += QStringLiteral("\n  '%1' at %2,%3 %4×%5%6")
                      .arg(t.text)
                      .arg(t.box.x(), 0, 'f', 1)
                      .arg(t.box.y(), 0, 'f', 1)
                      .arg(t.box.width(), 0, 'f', 1)
                      .arg(t.box.height(), 0, 'f', 1)
                      .arg(t.clipped ? QStringLiteral(" CLIPPED") : QString())
            + QStringLiteral(" (ink %1,%2 %3×%4)")
                  .arg(t.ink.x(), 0, 'f', 1)
                  .arg(t.ink.y(), 0, 'f', 1)
                  .arg(t.ink.width(), 0, 'f', 1)
                  .arg(t.ink.height(), 0, 'f', 1)
            + (t.clipped ? QStringLiteral(" clip %1,%2 %3×%4")
                               .arg(t.clip.x(), 0, 'f', 1)
                               .arg(t.clip.y(), 0, 'f', 1)
                               .arg(t.clip.width(), 0, 'f', 1)
                               .arg(t.clip.height(), 0, 'f', 1)
                         : QString());
    const QRectF bounds(QPointF(0, 0), QSizeF(size));
    for (size_t i = 0; i < texts.size(); ++i) {
        const DrawnText& a = texts[i];
        // Elided: Qt's "…" or Qt Charts' "...".
        QVERIFY2(!a.text.contains(QChar(0x2026)) && !a.text.contains(QLatin1String("...")),
            qPrintable(QStringLiteral("'%1' is elided%2").arg(a.text, report)));
        QVERIFY2(!a.clipped, qPrintable(QStringLiteral("'%1' is cut by a clip%2").arg(a.text, report)));
        QVERIFY2(bounds.adjusted(-0.5, -0.5, 0.5, 0.5).contains(a.box),
            qPrintable(QStringLiteral("'%1' leaves the %2×%3 chart%4")
                           .arg(a.text)
                           .arg(size.width())
                           .arg(size.height())
                           .arg(report)));
        // Overlap: the glyphs' ink, with a pixel of clearance around each ("0.050.1" fails, a
        // y label's empty descent above an x label's empty ascent does not).
        for (size_t j = i + 1; j < texts.size(); ++j) {
            const DrawnText& b = texts[j];
            QVERIFY2(!a.ink.adjusted(-1, -1, 1, 1).intersects(b.ink.adjusted(-1, -1, 1, 1)),
                qPrintable(QStringLiteral("'%1' overlaps '%2'%3").arg(a.text, b.text, report)));
        }
    }
    // Every axis title is drawn in full: the drawn strings, in paint order, contain it (a title
    // wrapped into two lines is two consecutive strings).
    QStringList drawn;
    for (const DrawnText& t : texts)
        drawn << t.text;
    const QString all = normalized(drawn.join(QLatin1Char(' ')));
    // A chart too short for "time (s)" under its labels may carry the unit on each label instead.
    int timeLabelsWithUnit = 0;
    for (const DrawnText& t : texts)
        timeLabelsWithUnit += QRegularExpression(QStringLiteral("^-?[0-9.]+ s$")).match(t.text).hasMatch();
    for (const QString& title : titles) {
        if (title == tr("looplab::ui::TimeSeriesChart", "time (s)") && timeLabelsWithUnit >= 2)
            continue;
        QVERIFY2(all.contains(normalized(title)),
            qPrintable(QStringLiteral("title '%1' is not drawn whole%2").arg(title, report)));
    }
}

QTEST_MAIN(TestUiChartLabels)
#include "test_ui_chart_labels.moc"

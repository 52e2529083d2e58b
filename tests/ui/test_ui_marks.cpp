// Chart annotations: what each mark's caption says, that crowded captions never overlap (they
// stagger, then fold with a count), and that a live parameter edit reaches the charts as a mark
// naming the parameter and its new value.
#include "charts/mark_captions.h"
#include "charts/time_series_chart.h"
#include "fake_lab.h"
#include "main_window.h"
#include "panels/event_loop_panel.h"
#include "scenario/scenario_document.h"
#include "theme.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace looplab;
using namespace looplab::ui;

class TestUiMarks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void captions_data();
    void captions();
    void crowdedCaptionsFoldWithoutOverlap_data();
    void crowdedCaptionsFoldWithoutOverlap();
    void repeatedEventsShareOneCaption();
    void chartPaintsCaptions();
    void liveEditBecomesAMark();
};

void TestUiMarks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_marks"));
    QSettings().clear();
}

void TestUiMarks::captions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("caption");
    QTest::newRow("numeric parameter") << "parameter:pool_size" << 8.0 << "pool_size → 8";
    QTest::newRow("nested parameter") << "parameter:shape.amplitude" << 2.5 << "shape.amplitude → 2.5";
    QTest::newRow("text parameter") << "parameter:cpu_mode=to_thread" << 0.0 << "cpu_mode → to_thread";
    QTest::newRow("bool parameter") << "parameter:enabled=false" << 0.0 << "enabled → false";
    QTest::newRow("old recording") << "parameter" << 0.0 << "parameter changed";
    QTest::newRow("slow callback") << "slow_callback" << 120.0 << "slow callback 120 ms";
    QTest::newRow("blocking call") << "blocking_call" << 200.0 << "blocking call began (200 ms)";
    QTest::newRow("index ready") << "index_ready" << 1.5 << "index ready";
    QTest::newRow("index from the cache") << "index_ready" << 0.0002 << "index ready";
    QTest::newRow("unknown") << "cache_flushed" << 0.0 << "cache flushed";
}

void TestUiMarks::captions()
{
    QFETCH(QString, name);
    QFETCH(double, value);
    QFETCH(QString, caption);
    QCOMPARE(markCaption(metrics::MarkData{0, name, value}), caption);
}

void TestUiMarks::crowdedCaptionsFoldWithoutOverlap_data()
{
    QTest::addColumn<int>("marks");
    QTest::addColumn<double>("spacingPx");
    QTest::addColumn<bool>("folds");
    QTest::newRow("two far apart") << 2 << 300.0 << false;
    QTest::newRow("three close: stagger") << 3 << 20.0 << false;
    QTest::newRow("burst of 50") << 50 << 4.0 << true;
    QTest::newRow("every 30 px") << 30 << 30.0 << true;
}

void TestUiMarks::crowdedCaptionsFoldWithoutOverlap()
{
    QFETCH(int, marks);
    QFETCH(double, spacingPx);
    QFETCH(bool, folds);
    const QRectF plot(40, 10, 900, 240);
    std::vector<ChartMark> store;
    for (int i = 0; i < marks; ++i)
        store.push_back({double(i), Qt::red, QStringLiteral("slow callback %1 ms").arg(100 + i)});
    std::vector<const ChartMark*> ptrs;
    std::vector<double> xs;
    for (int i = 0; i < marks; ++i) {
        ptrs.push_back(&store[size_t(i)]);
        xs.push_back(plot.left() + 5 + i * spacingPx);
    }
    const auto caps = layoutMarkCaptions(xs, ptrs, plot, Theme::current().axisFont(), 3);
    int covered = 0;
    for (size_t i = 0; i < caps.size(); ++i) {
        covered += caps[i].count;
        QVERIFY(plot.contains(caps[i].rect.topLeft()));
        QVERIFY(caps[i].rect.right() <= plot.right() + 0.5);
        QVERIFY(caps[i].rect.bottom() <= plot.top() + plot.height() / 2 + 1); // the data stays visible
        for (size_t j = i + 1; j < caps.size(); ++j)
            QVERIFY2(!caps[i].rect.intersects(caps[j].rect),
                qPrintable(caps[i].text + QStringLiteral(" / ") + caps[j].text));
    }
    QCOMPARE(covered, marks); // every mark is in exactly one caption
    QCOMPARE(caps.size() < size_t(marks), folds);
    if (folds) {
        const auto folded = std::find_if(caps.begin(), caps.end(), [](const MarkCaption& c) { return c.count > 1; });
        QVERIFY(folded != caps.end());
        QVERIFY(folded->text.contains(QStringLiteral("+%1 more").arg(folded->count - 1)));
    }
}

void TestUiMarks::repeatedEventsShareOneCaption()
{
    // The blocking-call demo: the same event every second, and one parameter edit among them. Each
    // kind of event gets one caption with its count, at its first line, not a pile of copies.
    const QRectF plot(40, 10, 600, 240);
    std::vector<ChartMark> store;
    for (int i = 0; i < 9; ++i)
        store.push_back({double(i), Qt::red, QStringLiteral("blocking call began (200 ms)")});
    store.insert(store.begin() + 4, {3.5, Qt::blue, QStringLiteral("pool_size → 8")});
    std::vector<const ChartMark*> ptrs;
    std::vector<double> xs;
    for (size_t i = 0; i < store.size(); ++i) {
        ptrs.push_back(&store[i]);
        xs.push_back(plot.left() + 5 + store[i].tS * 60);
    }
    const auto caps = layoutMarkCaptions(xs, ptrs, plot, Theme::current().axisFont(), 3);
    QCOMPARE(caps.size(), size_t(2));
    QCOMPARE(caps[0].text, QStringLiteral("blocking call began (200 ms)  ×9"));
    QCOMPARE(caps[0].count, 9);
    QCOMPARE(caps[0].first, 0);
    QCOMPARE(caps[1].text, QStringLiteral("pool_size → 8"));
    QCOMPARE(caps[1].first, 4);
    QVERIFY(!caps[0].rect.intersects(caps[1].rect));
}

void TestUiMarks::chartPaintsCaptions()
{
    TimeSeriesChart chart(QStringLiteral("Loop lag"), QStringLiteral("lag (ms)"));
    chart.addSeries(QStringLiteral("lag"), QStringLiteral("ms"), Qt::blue);
    chart.resize(700, 300);
    metrics::SeriesData s{
        QStringLiteral("lag_ms"), QStringLiteral("ms"), metrics::SeriesKind::Gauge, 0, 100'000'000, {}};
    for (int i = 0; i < 100; ++i)
        s.values.push_back(i % 10);
    chart.setMarks({{2.0, Qt::red, QStringLiteral("blocking call began (200 ms)")},
        {2.1, Qt::red, QStringLiteral("slow callback 200 ms")}, {7.0, Qt::blue, QStringLiteral("pool_size → 8")}});
    chart.setFrame(0, 10, {&s});
    const QImage img = chart.grab().toImage();
    Q_UNUSED(img);
    QCOMPARE(chart.lastCaptionCount(), 3); // room for all three: staggered, none folded
    chart.setFrame(0, 1, {&s}); // none of them inside the window
    chart.grab();
    QCOMPARE(chart.lastCaptionCount(), 0);
}

void TestUiMarks::liveEditBecomesAMark()
{
    QTemporaryDir dir;
    uitest::FakeCatalog catalog;
    engine::Engine engine(catalog);
    MainWindow w(&engine, catalog, false);
    w.resize(1000, 700);
    w.show();
    const QString path = dir.filePath(QStringLiteral("fake.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(uitest::fakeScenarioJson(QStringLiteral("Marks")));
    f.close();
    QVERIFY(w.openFile(path));
    QTRY_VERIFY_WITH_TIMEOUT(engine.isRunning() && engine.latest() && engine.latest()->elapsedNs > 300'000'000, 10000);
    QVERIFY(!w.document()->editParameter(QStringLiteral("fake"), QStringLiteral("rate_hz"), 25.0));
    // A live edit becomes a mark on the edited lab, with the parameter and its new value.
    QTRY_VERIFY_WITH_TIMEOUT(!engine.latest()->labs.front().marks.empty(), 5000);
    QStringList captions;
    for (const auto& m : engine.latest()->labs.front().marks)
        captions << markCaption(m);
    QVERIFY2(captions.contains(QStringLiteral("rate_hz → 25")), qPrintable(captions.join(u'|')));
    // And the window's charts draw them.
    w.renderFrame();
    bool drawn = false;
    for (TimeSeriesChart* c : w.findChildren<TimeSeriesChart*>()) {
        c->grab();
        drawn = drawn || c->lastCaptionCount() > 0;
    }
    QVERIFY(drawn);
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.close();
}

QTEST_MAIN(TestUiMarks)
#include "test_ui_marks.moc"

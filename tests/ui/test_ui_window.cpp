// The window end to end, offscreen, on a real Engine: open a file, edit a parameter and see the
// running lab receive it, undo it, export PNG and SVG and check they hold a picture, open a broken
// file and see its FILE:LINE:COL error with the old scenario kept, and open the built-in
// event-loop scenario with the real lab and see its ticks reach the panel.
#include "catalog/catalog.h"
#include "charts/tick_strip.h"
#include "charts/timeline_widget.h"
#include "engine/app_paths.h"
#include "fake_lab.h"
#include "image_checks.h"
#include "main_window.h"
#include "panels/event_loop_panel.h"
#include "panels/generic_panel.h"
#include "panels/metrics_model.h"
#include "scenario/param_editor.h"
#include "scenario/scenario_document.h"
#include "scenario/scenario_pane.h"
#include "ui_entry.h"

#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QSettings>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QWaitCondition>
#include <QtTest>

#include <sys/resource.h>
#include <sys/syscall.h>

#include <unistd.h>

using namespace looplab;
using namespace looplab::ui;
using uitest::FakeLabLog;

class TestUiWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void guiThreadKeepsPriorityOverTheLabs();
    void enginePublishesThirtySnapshotsASecond();
    void openEditUndo();
    void nonLiveParameterRestartsTheLab();
    void exportsPngAndSvg();
    void brokenFileKeepsTheOldScenario();
    void unsavedEditsPrompt();
    void saveWritesAValidFile();
    void dropOpensAFile();
    void genericPanelShowsEverySeries();
    void eventLoopPanelWithTheRealLab();
    void headlessScreenshot();

private:
    QString writeFile(const QString& name, const QByteArray& bytes);
    void waitForData(MainWindow& w);
    std::unique_ptr<QTemporaryDir> m_dir;
    uitest::FakeCatalog m_catalog;
    std::unique_ptr<engine::Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;
};

void TestUiWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_window"));
    QSettings().clear();
}

void TestUiWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    FakeLabLog::clear();
    m_engine = std::make_unique<engine::Engine>(m_catalog);
    m_window = std::make_unique<MainWindow>(m_engine.get(), m_catalog, false);
    m_window->resize(1280, 800);
    m_window->show();
}

void TestUiWindow::cleanup()
{
    m_window->setSavePrompt([] { return QMessageBox::Discard; });
    m_window.reset();
    m_engine.reset();
}

QString TestUiWindow::writeFile(const QString& name, const QByteArray& bytes)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes);
    return path;
}

void TestUiWindow::waitForData(MainWindow& w)
{
    QTRY_VERIFY_WITH_TIMEOUT(
        m_engine->isRunning() && m_engine->latest() && m_engine->latest()->state == metrics::RunState::Running, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->latest()->elapsedNs > 300'000'000, 10000);
    w.renderFrame();
}

void TestUiWindow::openEditUndo()
{
    const QString path = writeFile(QStringLiteral("first.json"), uitest::fakeScenarioJson(QStringLiteral("First")));
    QVERIFY(m_window->openFile(path));
    QCOMPARE(m_window->document()->path(), path);
    QCOMPARE(m_window->scenarioPane()->titleText(), QStringLiteral("First"));
    QVERIFY(!m_window->isWindowModified());
    waitForData(*m_window);

    auto* rate = qobject_cast<QDoubleSpinBox*>(
        m_window->scenarioPane()->editor()->editorFor(QStringLiteral("fake"), QStringLiteral("rate_hz")));
    QVERIFY(rate);
    QCOMPARE(rate->value(), 10.0);
    QCOMPARE(rate->suffix(), QStringLiteral(" 1/s"));
    QCOMPARE(rate->minimum(), 0.1);
    QCOMPARE(rate->maximum(), 1000.0);
    QVERIFY(rate->toolTip().contains(QStringLiteral("how fast the level waves")));
    QVERIFY(rate->toolTip().contains(QStringLiteral("live")));

    QSignalSpy applied(m_engine.get(), &engine::Engine::parameterApplied);
    rate->setValue(25); // as if the user stepped or typed + Enter
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 5000);
    QCOMPARE(applied.at(0).at(0).toString(), QStringLiteral("fake"));
    QCOMPARE(applied.at(0).at(1).toString(), QStringLiteral("rate_hz"));
    QCOMPARE(applied.at(0).at(2).toBool(), false); // live, no restart
    QVERIFY(FakeLabLog::appliedCopy().contains(QStringLiteral("rate_hz=25")));
    QCOMPARE(FakeLabLog::startCount(), 1);
    QVERIFY(m_window->isWindowModified());
    QVERIFY(m_window->scenarioPane()->showsModified());
    QTRY_VERIFY(m_window->scenarioPane()->feedbackText().contains(QStringLiteral("applied live")));
    QCOMPARE(m_window->document()
                 ->scenario()
                 .findLab(QStringLiteral("fake"))
                 ->params.value(QStringLiteral("rate_hz"))
                 .toDouble(),
        25.0);

    // Undo with the standard shortcut: the editor, the document and the running lab go back.
    QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 2, 5000);
    QCOMPARE(rate->value(), 10.0);
    QVERIFY(FakeLabLog::appliedCopy().contains(QStringLiteral("rate_hz=10")));
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(!m_window->scenarioPane()->showsModified());
    // And redo.
    QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 3, 5000);
    QCOMPARE(rate->value(), 25.0);

    // Out of range values never reach the document (the spin box clamps; the document refuses).
    QVERIFY(m_window->document()->editParameter(QStringLiteral("fake"), QStringLiteral("rate_hz"), 5000).has_value());
}

void TestUiWindow::nonLiveParameterRestartsTheLab()
{
    QVERIFY(m_window->openFile(writeFile(QStringLiteral("w.json"), uitest::fakeScenarioJson(QStringLiteral("W")))));
    waitForData(*m_window);
    auto* workers = qobject_cast<QSpinBox*>(
        m_window->scenarioPane()->editor()->editorFor(QStringLiteral("fake"), QStringLiteral("workers")));
    QVERIFY(workers);
    QSignalSpy applied(m_engine.get(), &engine::Engine::parameterApplied);
    workers->setValue(4);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 5000);
    QCOMPARE(applied.at(0).at(2).toBool(), true); // restarted
    QTRY_COMPARE_WITH_TIMEOUT(FakeLabLog::startCount(), 2, 5000);
    QTRY_VERIFY(m_window->scenarioPane()->feedbackText().contains(QStringLiteral("restarted")));
    // The nested object's field has its own editor.
    QVERIFY(m_window->scenarioPane()->editor()->editorFor(QStringLiteral("fake"), QStringLiteral("shape.amplitude")));
}

void TestUiWindow::exportsPngAndSvg()
{
    QVERIFY(
        m_window->openFile(writeFile(QStringLiteral("e.json"), uitest::fakeScenarioJson(QStringLiteral("Export me")))));
    waitForData(*m_window);
    QTest::qWait(300);
    m_window->renderFrame();

    const QString png = m_dir->filePath(QStringLiteral("shot.png"));
    QCOMPARE(m_window->exportPng(png, 1.0), QString());
    QImage img(png);
    QVERIFY(!img.isNull());
    const double dpr = m_window->devicePixelRatioF();
    QCOMPARE(img.size(), (QSizeF(m_window->size()) * dpr).toSize());
    QVERIFY2(uitest::greyVariance(img) > 100, qPrintable(QString::number(uitest::greyVariance(img))));
    QVERIFY(uitest::distinctColours(img) > 50);

    const QString png2 = m_dir->filePath(QStringLiteral("shot@2x.png"));
    QCOMPARE(m_window->exportPng(png2, 2.0), QString());
    QCOMPARE(QImage(png2).size(), (QSizeF(m_window->size()) * dpr * 2).toSize());

    LabPanel* panel = m_window->currentPanel();
    QVERIFY(panel);
    QTRY_VERIFY(!panel->charts().isEmpty());
    QWidget* chart = panel->charts().first();
    const QString svg = m_dir->filePath(QStringLiteral("chart.svg"));
    QCOMPARE(m_window->exportChartSvg(chart, svg), QString());
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.size() > 2000);
    QVERIFY(bytes.contains("<svg"));
    QVERIFY(bytes.contains("time (s)")); // text stays text
    QSvgRenderer renderer(bytes);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(QPoint(0, 0), chart->size()));
    QImage back(chart->size(), QImage::Format_ARGB32);
    back.fill(Qt::white);
    QPainter p(&back);
    renderer.render(&p);
    p.end();
    QVERIFY(uitest::greyVariance(back) > 50);

    // An unwritable path: an error, no file.
    QVERIFY(!m_window->exportPng(QStringLiteral("/nonexistent-dir/x.png")).isEmpty());
    // CSV before the run ended: a clear message, not a crash.
    QVERIFY(!m_window->exportCsv(m_dir->filePath(QStringLiteral("x.csv"))).isEmpty() || m_engine->lastResult());
}

void TestUiWindow::brokenFileKeepsTheOldScenario()
{
    const QString good = writeFile(QStringLiteral("good.json"), uitest::fakeScenarioJson(QStringLiteral("Good one")));
    QVERIFY(m_window->openFile(good));
    // Line 9 holds the bad value: workers must be 1..64.
    const QString bad
        = writeFile(QStringLiteral("broken.json"), uitest::fakeScenarioJson(QStringLiteral("Bad one"), 10, 0));
    QVERIFY(!m_window->openFile(bad));
    const QString err = m_window->lastError();
    QVERIFY2(QRegularExpression(QStringLiteral("broken\\.json:9:\\d+: error")).match(err).hasMatch(), qPrintable(err));
    QVERIFY(err.contains(QStringLiteral("workers")));
    auto* dialog = m_window->findChild<QMessageBox*>(QStringLiteral("errorDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->text().contains(QStringLiteral("broken.json:9:")));
    dialog->close();
    QCOMPARE(m_window->document()->path(), good);
    QCOMPARE(m_window->scenarioPane()->titleText(), QStringLiteral("Good one"));
    QVERIFY(m_window->document()->scenario().findLab(QStringLiteral("fake")));

    // Not JSON at all, and a missing file: same behaviour.
    QVERIFY(!m_window->openFile(writeFile(QStringLiteral("garbage.json"), "{\n  \"looplab\": 1,\n  oops\n}")));
    QVERIFY(m_window->lastError().contains(QStringLiteral("garbage.json:3:")));
    QVERIFY(!m_window->openFile(m_dir->filePath(QStringLiteral("missing.json"))));
    QCOMPARE(m_window->document()->path(), good);
}

void TestUiWindow::unsavedEditsPrompt()
{
    QVERIFY(m_window->openFile(writeFile(QStringLiteral("u.json"), uitest::fakeScenarioJson(QStringLiteral("U")))));
    QVERIFY(!m_window->document()->editParameter(QStringLiteral("fake"), QStringLiteral("mode"), QStringLiteral("b")));
    QVERIFY(m_window->document()->isModified());
    int asked = 0;
    m_window->setSavePrompt([&] {
        ++asked;
        return QMessageBox::Cancel;
    });
    QVERIFY(!m_window->maybeSave());
    QVERIFY(!m_window->close()); // cancel keeps the window
    QCOMPARE(asked, 2);
    m_window->setSavePrompt([&] {
        ++asked;
        return QMessageBox::Discard;
    });
    QVERIFY(m_window->maybeSave());
}

void TestUiWindow::saveWritesAValidFile()
{
    const QString path = writeFile(QStringLiteral("s.json"), uitest::fakeScenarioJson(QStringLiteral("Save")));
    QVERIFY(m_window->openFile(path));
    QVERIFY(!m_window->document()->editParameter(QStringLiteral("fake"), QStringLiteral("rate_hz"), 42.5));
    const QString out = m_dir->filePath(QStringLiteral("saved.json"));
    QVERIFY(m_window->saveAs(out));
    QVERIFY(!m_window->document()->isModified());
    QCOMPARE(m_window->document()->path(), out);
    const auto reloaded = scenario::loadScenarioFile(out, m_catalog);
    QVERIFY(std::holds_alternative<scenario::Scenario>(reloaded));
    QCOMPARE(std::get<scenario::Scenario>(reloaded).labs[0].params.value(QStringLiteral("rate_hz")).toDouble(), 42.5);
}

void TestUiWindow::dropOpensAFile()
{
    const QString path = writeFile(QStringLiteral("dropped.json"), uitest::fakeScenarioJson(QStringLiteral("Dropped")));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QTRY_COMPARE(m_window->document()->path(), path);
    QCOMPARE(m_window->scenarioPane()->titleText(), QStringLiteral("Dropped"));
}

void TestUiWindow::genericPanelShowsEverySeries()
{
    QVERIFY(m_window->openFile(writeFile(QStringLiteral("g.json"), uitest::fakeScenarioJson(QStringLiteral("G")))));
    waitForData(*m_window);
    auto* panel = qobject_cast<GenericPanel*>(m_window->currentPanel());
    QVERIFY(panel);
    // One timeline (the "workers" lanes); charts: level (ms), events (1/s), and the latency
    // histogram's p50/p95/p99 series together; one histogram view.
    QTRY_COMPARE_WITH_TIMEOUT(panel->charts().size(), 5, 5000);
    QStringList titles;
    for (QWidget* c : panel->charts())
        titles << chartTitle(c);
    QVERIFY2(titles.contains(QStringLiteral("latency ms percentiles")), qPrintable(titles.join(QStringLiteral(", "))));
    QVERIFY(titles.contains(QStringLiteral("level")));
    QVERIFY(titles.contains(QStringLiteral("events")));
    QVERIFY(panel->metricsModel()->rowCount() >= 1);
    const QImage img = m_window->grab().toImage();
    QVERIFY(uitest::greyVariance(img) > 100);
}

void TestUiWindow::eventLoopPanelWithTheRealLab()
{
    // The real catalog, the real event-loop lab, the built-in scenario from the source tree.
    engine::Engine engine(labCatalog());
    MainWindow w(&engine, labCatalog(), false);
    w.resize(1280, 800);
    w.show();
    QVERIFY2(w.openDefaultScenario(), qPrintable(w.lastError()));
    QVERIFY(paths::isBuiltInScenario(w.document()->path()));
    auto* panel = qobject_cast<EventLoopPanel*>(w.currentPanel());
    QVERIFY(panel);
    QTRY_VERIFY_WITH_TIMEOUT(engine.latest() && engine.latest()->elapsedNs > 500'000'000, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            w.renderFrame();
            w.grab();
            return panel->tickStrip()->lastTickCount() > 5 && panel->timeline()->visibleLaneCount() >= 3;
        }(),
        10000);
    // The script defines the tasks: `tasks` and `io_ms` do nothing here and are greyed out saying
    // so; `slow_callback_ms` still applies.
    ParamEditor* editor = w.scenarioPane()->editor();
    for (const char* unused : {"tasks", "arrival_per_s", "io_ms", "cpu_ms", "cpu_mode"}) {
        QWidget* e = editor->editorFor(QStringLiteral("loop"), QString::fromLatin1(unused));
        QVERIFY2(e && !e->isEnabled() && !e->isVisible(), unused);
        QVERIFY2(e->toolTip().contains(QStringLiteral("script is set")), qPrintable(e->toolTip()));
    }
    QVERIFY(editor->editorFor(QStringLiteral("loop"), QStringLiteral("slow_callback_ms"))->isEnabled());
    // Nested parameters of the course's script have editors too, and edits go through the loader.
    auto* io = qobject_cast<QDoubleSpinBox*>(
        w.scenarioPane()->editor()->editorFor(QStringLiteral("loop"), QStringLiteral("script[1].steps[0].io_ms")));
    QVERIFY(io);
    QCOMPARE(io->value(), 1000.0);
    io->setValue(1500);
    QCOMPARE(w.document()
                 ->scenario()
                 .findLab(QStringLiteral("loop"))
                 ->params.value(QStringLiteral("script"))
                 .toArray()
                 .at(1)
                 .toObject()
                 .value(QStringLiteral("steps"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("io_ms"))
                 .toDouble(),
        1500.0);
    QVERIFY(w.document()->isModified());
    // Built-in: Save must ask for a new path, not write into the resources.
    QVERIFY(w.document()->needsSaveAs());
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.close();
}

void TestUiWindow::headlessScreenshot()
{
    // What `--headless` calls: the same window rendered from a finished result.
    engine::RunResult r;
    const auto parsed = scenario::parseScenario(
        uitest::fakeScenarioJson(QStringLiteral("Shot")), QStringLiteral("shot.json"), m_catalog);
    QVERIFY(std::holds_alternative<scenario::Scenario>(parsed));
    r.scenario = std::get<scenario::Scenario>(parsed);
    r.data.state = metrics::RunState::Finished;
    r.data.elapsedNs = 2'000'000'000;
    r.data.labs.resize(1);
    r.data.labs[0].id = QStringLiteral("fake");
    r.data.labs[0].kind = QStringLiteral("fake");
    metrics::SeriesData s;
    s.name = QStringLiteral("level");
    s.unit = QStringLiteral("ms");
    s.binNs = 10'000'000;
    for (int i = 0; i < 200; ++i)
        s.values.push_back(5 + 4 * std::sin(i * 0.1));
    r.data.labs[0].series.push_back(s);
    const QString out = m_dir->filePath(QStringLiteral("screenshot.png"));
    QCOMPARE(saveRunScreenshot(r, out, 1.0), QString());
    const QImage img(out);
    QVERIFY(img.width() >= 1280);
    QVERIFY(uitest::greyVariance(img) > 100);
}

QTEST_MAIN(TestUiWindow)
// Issue 18: while the labs saturate the cores the window must keep its frames, so the GUI thread
// keeps nice 0 and every thread the engine runs — the engine thread and the threads the labs start
// during a run, which inherit it — is lowered to nice 5; Qt's own GUI helpers are left alone.
void TestUiWindow::guiThreadKeepsPriorityOverTheLabs()
{
    errno = 0;
    const int niceBefore = getpriority(PRIO_PROCESS, 0);
    const QString path = writeFile(QStringLiteral("prio.json"), uitest::fakeScenarioJson(QStringLiteral("Prio")));
    QVERIFY(m_window->openFile(path));
    if (!m_engine->isRunning())
        m_window->startRun();
    waitForData(*m_window);
    errno = 0;
    // This (the GUI) thread is never lowered by LoopLab. Its own nice is not asserted: under
    // ctest it was found at 19 before this test ran (not LoopLab's doing: strace shows only
    // setpriority(…, 5) on other threads) — see issue 18's notes.
    qInfo("GUI thread nice %d (before the run: %d)", getpriority(PRIO_PROCESS, 0), niceBefore);
    const long self = syscall(SYS_gettid);
    // Qt's global thread pool works for the GUI thread (QImage converts and scales a large image
    // in segments on it) and rightly keeps the GUI's priority; no lab uses it. Its threads are
    // found by occupying every one of them at once and are left out below.
    QSet<long> qtPool;
    {
        QThreadPool* global = QThreadPool::globalInstance();
        const int n = global->maxThreadCount();
        QMutex m;
        QWaitCondition changed;
        int in = 0;
        bool release = false;
        for (int i = 0; i < n; ++i)
            global->start([&] {
                QMutexLocker lock(&m);
                qtPool.insert(long(syscall(SYS_gettid)));
                ++in;
                changed.wakeAll();
                // Held until every task runs: a finished one would take the next task on its thread.
                QDeadlineTimer held(5000);
                while (!release && changed.wait(&m, held)) { }
            });
        {
            QMutexLocker lock(&m);
            QDeadlineTimer all(5000);
            while (in < n && changed.wait(&m, all)) { }
            release = true;
            changed.wakeAll();
        }
        global->waitForDone();
    }
    int engineThreads = 0, lowered = 0, others = 0;
    QStringList report;
    for (const QString& t : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (t.toLong() == self || qtPool.contains(t.toLong()))
            continue;
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(t));
        const QByteArray name = comm.open(QIODevice::ReadOnly) ? comm.readAll().trimmed() : QByteArray();
        errno = 0;
        const int nice = getpriority(PRIO_PROCESS, id_t(t.toLong()));
        if (errno != 0)
            continue; // ended meanwhile
        report << QStringLiteral("%1=%2").arg(QString::fromLatin1(name)).arg(nice);
        if (name.startsWith("QXcb") || name.startsWith("QDBus") || name.startsWith("gmain") || name.startsWith("gdbus")
            || name.startsWith("dconf"))
            continue;
        ++others;
        lowered += nice >= 5;
        engineThreads += name == "looplab-engine" && nice >= 5;
    }
    QVERIFY2(engineThreads >= 1, qPrintable(report.join(QStringLiteral(", "))));
    QVERIFY2(others >= 2, qPrintable(report.join(QStringLiteral(", ")))); // the engine and the run's threads
    QVERIFY2(lowered == others, qPrintable(report.join(QStringLiteral(", "))));
}

void TestUiWindow::enginePublishesThirtySnapshotsASecond()
{
    // The window paints what the engine published: 30 snapshots a second are 30 frames. The
    // engine drains every 10 ms; "33 ms since the last one" published at the 40 ms tick, 25 a
    // second at most (issue 18: the saturated bench measured 25.0 fps), and a busy machine only
    // lowered it: above 26 proves the schedule with room for a loaded sanitizer run.
    const QString path = writeFile(QStringLiteral("rate.json"), uitest::fakeScenarioJson(QStringLiteral("Rate")));
    QVERIFY(m_window->openFile(path));
    if (!m_engine->isRunning())
        m_window->startRun();
    waitForData(*m_window);
    QSignalSpy notices(m_engine.get(), &engine::Engine::snapshotPublished);
    const auto s0 = m_engine->latest();
    QElapsedTimer wall;
    wall.start();
    QTest::qWait(3000);
    const auto s1 = m_engine->latest();
    QVERIFY(s0 && s1);
    const double perS = double(s1->serial - s0->serial) / (double(wall.nsecsElapsed()) * 1e-9);
    qInfo("engine published %.1f snapshots a second; the window was told %d times", perS, int(notices.size()));
    QVERIFY2(perS > 26 && perS < 33, qPrintable(QString::number(perS)));
    // The window is told of each one (it paints on arrival, not a polling interval later; half:
    // a GUI thread starved under the sanitizers coalesces some)...
    QVERIFY2(notices.size() >= int(0.5 * double(s1->serial - s0->serial)), qPrintable(QString::number(notices.size())));
    // ...and a GUI thread that stalls is told once, not once per snapshot it missed.
    notices.clear();
    QThread::msleep(600); // ~18 snapshots published meanwhile
    QCoreApplication::processEvents();
    QCOMPARE(notices.size(), 1);
}

#include "test_ui_window.moc"

// Replay in the window (issue 8), offscreen, with the real labs: a recorded two-lab run opened as a
// file (by content, not by name) replaces the scenario, builds the same panels, stops the engine
// and shows the control bar; seeking changes what the panel paints; closing the replay brings the
// scenario back; a trace LoopLab did not write is refused with the loader's message and the
// window keeps what it showed. LOOPLAB_KEEP_SHOTS=DIR keeps a screenshot of the replay.
#include "catalog/catalog.h"
#include "export/exporters.h"
#include "main_window.h"
#include "panels/lab_panel.h"
#include "panels/metrics_model.h"
#include "replay/player.h"
#include "replay/recording.h"
#include "replay/replay_bar.h"
#include "replay/replay_session.h"
#include "scenario/scenario_document.h"
#include "support/run_scenario.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace looplab;
using namespace looplab::ui;

namespace {

// Share of pixels that differ between two pictures of the same size.
double changedShare(const QImage& a, const QImage& b)
{
    if (a.size() != b.size() || a.isNull())
        return 1;
    const QImage x = a.convertToFormat(QImage::Format_RGB32), y = b.convertToFormat(QImage::Format_RGB32);
    qint64 diff = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col)
            diff += p[col] != q[col];
    }
    return double(diff) / double(x.width() * x.height());
}

// Arrivals for longer than the run: the lesson is still running whenever a test looks (a lab whose
// work is done ends its run early).
const char* kLesson = R"({"looplab": 1, "title": {"en": "Lesson", "zh": "课"},
    "labs": [{"id": "lesson", "kind": "event_loop", "tasks": 1000, "arrival_per_s": 20, "io_ms": 20}], "duration_s": 30})";

} // namespace

class TestReplayWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_trace, m_lesson;
    std::shared_ptr<const engine::RunResult> m_run;
    std::unique_ptr<engine::Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    QString writeFile(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(bytes);
        return path;
    }
    ReplayBar* bar() const { return m_window->findChild<ReplayBar*>(); }
    QImage panelPicture()
    {
        m_window->renderFrame();
        QCoreApplication::processEvents();
        return m_window->currentPanel()->grab().toImage();
    }
    // The window runs the lesson, as a teacher's window would before opening a recording.
    void openLesson()
    {
        QVERIFY(m_window->openFile(m_lesson));
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->isRunning(), 10'000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_replay_window"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        // Two labs: one blocks its loop for 150 ms every 300 ms, the other only awaits.
        m_run = testing::runScenario(R"({"looplab": 1, "title": {"en": "Blocking vs awaiting", "zh": "阻塞与等待"},
            "labs": [{"id": "blocking", "kind": "event_loop", "tasks": 30, "io_ms": 100, "blocking_call_ms": 150, "blocking_every_ms": 300},
                     {"id": "awaiting", "kind": "event_loop", "tasks": 30, "io_ms": 100}], "duration_s": 1})",
            30);
        QVERIFY(m_run);
        // A name that says nothing: the window tells a trace from a scenario by what is inside.
        m_trace = m_dir.filePath(QStringLiteral("monday.json"));
        QCOMPARE(exporting::writeTraceJson(*m_run, m_trace), QString());
        m_lesson = writeFile(QStringLiteral("lesson.json"), kLesson);
    }

    void init()
    {
        m_engine = std::make_unique<engine::Engine>(labCatalog());
        m_window = std::make_unique<MainWindow>(m_engine.get(), labCatalog(), false);
        m_window->setSavePrompt([] { return QMessageBox::Discard; });
        m_window->resize(1400, 900);
        m_window->show();
    }

    void cleanup()
    {
        m_window.reset();
        m_engine.reset();
    }

    void traceOpensInPlaceOfTheScenario()
    {
        openLesson();
        QVERIFY2(m_window->openFile(m_trace), qPrintable(m_window->lastError()));
        auto* session = m_window->replaySession();
        QVERIFY(session);
        QTRY_VERIFY_WITH_TIMEOUT(!m_engine->isRunning(), 10'000);
        // The recorded scenario's panels, in its order.
        QCOMPARE(m_window->panels().size(), 2);
        QCOMPARE(m_window->panels()[0]->labId(), QStringLiteral("blocking"));
        QCOMPARE(m_window->panels()[1]->labId(), QStringLiteral("awaiting"));
        QCOMPARE(m_window->document()->scenario().toJson(), m_run->scenario.toJson());
        QVERIFY2(m_window->document()->path().isEmpty(), "Save must never write over the trace");
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("Replay: monday.json")));
        // The control bar, saying what is replayed.
        QVERIFY(bar() && bar()->isVisible());
        QVERIFY(
            bar()->findChild<QLabel*>(QStringLiteral("replayFile"))->text().contains(QStringLiteral("monday.json")));
        for (auto* w : bar()->findChildren<QWidget*>())
            if (qobject_cast<QToolButton*>(w) || qobject_cast<QSlider*>(w) || qobject_cast<QComboBox*>(w))
                QVERIFY2(!w->toolTip().isEmpty(), qPrintable(w->objectName()));
        // The engine stays off: Start does nothing while replaying.
        m_window->startRun();
        QTest::qWait(300);
        QVERIFY(!m_engine->isRunning());
        QVERIFY2(session->player()->positionNs() > 0, "it plays as soon as it opens");
    }

    void seekingChangesThePanel()
    {
        QVERIFY(m_window->openRecording(m_trace));
        replay::Player* player = m_window->replaySession()->player();
        player->pause();
        const qint64 end = player->durationNs();

        player->seek(100'000'000);
        m_window->renderFrame();
        QCOMPARE(bar()->timeText(), QStringLiteral("0.1 s / %1 s").arg(QString::number(double(end) * 1e-9, 'f', 1)));
        QCOMPARE(bar()->slider()->value(), 100);
        const QImage early = panelPicture();
        player->seek(end);
        const QImage late = panelPicture();
        const double changed = changedShare(early, late);
        QVERIFY2(changed > 0.02, qPrintable(QStringLiteral("only %1 % of the panel changed").arg(changed * 100)));
        // The headline numbers are the run's summary.
        QCOMPARE(m_window->currentPanel()->metricsModel()->metrics(), m_run->data.findLab("blocking")->metrics);

        // The bar drives the player: scrub, step, speed.
        bar()->slider()->setValue(500);
        QCOMPARE(player->positionNs(), qint64(500'000'000));
        bar()->findChild<QToolButton*>(QStringLiteral("replayBack"))->click();
        QCOMPARE(player->positionNs(), qint64(500'000'000) - player->stepNs());
        bar()->speedBox()->setCurrentIndex(bar()->speedBox()->findData(8.0));
        QCOMPARE(player->speed(), 8.0);
        bar()->findChild<QToolButton*>(QStringLiteral("replayForward"))->click();
        QCOMPARE(player->positionNs(), qint64(500'000'000) - 33'000'000 + 8 * 33'000'000);
        // Space plays and pauses (not "pause view"). At 1× from the start: the ~1 s run is still
        // playing when the (animated) click has landed.
        player->seek(0);
        bar()->speedBox()->setCurrentIndex(bar()->speedBox()->findData(1.0));
        m_window->activateWindow(); // shortcuts go to the active window
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QSignalSpy playing(player, &replay::Player::playingChanged);
        QTest::keyClick(m_window.get(), Qt::Key_Space);
        QTRY_VERIFY(!playing.isEmpty());
        QCOMPARE(playing.first().first().toBool(), true);
        QVERIFY(!m_window->isPaused());
        QCOMPARE(bar()->playButton()->text(), tr("Pause"));
        bar()->playButton()->click();
        QVERIFY(!player->isPlaying());
        QCOMPARE(bar()->playButton()->text(), tr("Play"));
        bar()->playButton()->click();
        QVERIFY(player->isPlaying());
        QSignalSpy finished(player, &replay::Player::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(bar()->timeText().section(QLatin1Char('/'), 0, 0).trimmed(),
            bar()->timeText().section(QLatin1Char('/'), 1).trimmed());

        // The other lab's panel shows its own recorded numbers.
        auto* tabs = m_window->findChild<QTabWidget*>();
        tabs->setCurrentIndex(1);
        m_window->renderFrame();
        QCOMPARE(m_window->currentPanel()->metricsModel()->metrics(), m_run->data.findLab("awaiting")->metrics);
    }

    void closingGoesBackToTheScenario()
    {
        openLesson();
        QVERIFY(m_window->openRecording(m_trace));
        QTRY_VERIFY_WITH_TIMEOUT(!m_engine->isRunning(), 10'000);
        bar()->findChild<QToolButton*>(QStringLiteral("replayClose"))->click();
        QVERIFY(!m_window->replaySession());
        QCOMPARE(m_window->document()->path(), m_lesson);
        QCOMPARE(m_window->panels().size(), 1);
        QCOMPARE(m_window->panels()[0]->labId(), QStringLiteral("lesson"));
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->isRunning(), 10'000); // running live again
        QTRY_VERIFY(!bar());
        QVERIFY(!m_window->windowTitle().contains(QStringLiteral("Replay")));
        // Stop in the Run menu ends a replay too.
        QVERIFY(m_window->openRecording(m_trace));
        m_window->stopRun();
        QVERIFY(!m_window->replaySession());
        QCOMPARE(m_window->document()->path(), m_lesson);
    }

    void foreignTraceIsRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("replaying"); // what the window showed: a replay, or the lesson
        const QByteArray chrome
            = R"({"traceEvents":[{"ph":"X","name":"work","pid":1,"tid":1,"ts":0,"dur":5}],"displayTimeUnit":"ms"})";
        const QString notLoopLab
            = QStringLiteral("this trace has no \"looplab\" object: it was not recorded by LoopLab");
        QTest::newRow("Chrome trace, lesson kept") << chrome << notLoopLab << false;
        QTest::newRow("Chrome trace, replay kept") << chrome << notLoopLab << true;
        QTest::newRow("Chrome array format")
            << QByteArray(R"([{"ph":"B","name":"a","pid":1,"tid":1,"ts":0}])") << notLoopLab << false;
    }
    void foreignTraceIsRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QFETCH(bool, replaying);
        const QString path = writeFile(QStringLiteral("chrome.json"), bytes);
        if (replaying)
            QVERIFY(m_window->openRecording(m_trace));
        else
            openLesson();
        const auto* session = m_window->replaySession();
        const QString docPath = m_window->document()->path();
        const auto panels = m_window->panels();

        QVERIFY(!m_window->openFile(path)); // detected as a trace by content, refused by the loader
        QVERIFY2(m_window->lastError().contains(message), qPrintable(m_window->lastError()));
        auto* dialog = m_window->findChild<QMessageBox*>(QStringLiteral("errorDialog"));
        QVERIFY(dialog);
        QVERIFY(dialog->text().contains(message));
        QCOMPARE(m_window->replaySession(), session);
        QCOMPARE(m_window->document()->path(), docPath);
        QCOMPARE(m_window->panels(), panels);
        if (!replaying)
            QVERIFY(m_engine->isRunning());
    }

    void dropOpensARecording()
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_trace)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        QTRY_VERIFY(m_window->replaySession());
        QCOMPARE(m_window->panels().size(), 2);
    }

    // File → Export report while replaying: first page(s) of text, then one page per panel.
    void reportOfAReplay()
    {
        if (QStandardPaths::findExecutable("pdfinfo").isEmpty())
            QFAIL("poppler-utils (pdfinfo) is not installed: `make deps` installs it");
        QVERIFY(m_window->openRecording(m_trace));
        m_window->replaySession()->player()->pause();
        m_window->replaySession()->player()->seek(m_window->replaySession()->player()->durationNs());
        const QString pdf = m_dir.filePath(QStringLiteral("replay.pdf"));
        QCOMPARE(m_window->exportReport(pdf), QString());
        QProcess p;
        p.start("pdfinfo", {pdf});
        QVERIFY(p.waitForFinished(30'000));
        const auto pages = QRegularExpression(R"(Pages:\s+(\d+))").match(QString::fromUtf8(p.readAllStandardOutput()));
        QVERIFY(pages.hasMatch());
        QVERIFY2(
            pages.captured(1).toInt() >= 1 + 2 && pages.captured(1).toInt() <= 2 + 2, qPrintable(pages.captured(1)));
        QCOMPARE(m_window->currentPanel(), m_window->panels().first()); // the tab shown before is back
    }

    void screenshotOfTheReplay()
    {
        // LOOPLAB_KEEP_SHOTS=DIR keeps the pictures to look at; otherwise they go to a scratch folder
        // (the export must work either way: a test is not skipped for want of a place to keep them).
        QTemporaryDir scratch;
        QString dir = qEnvironmentVariable("LOOPLAB_KEEP_SHOTS");
        if (dir.isEmpty())
            dir = scratch.path();
        QVERIFY(m_window->openRecording(m_trace));
        auto* player = m_window->replaySession()->player();
        player->pause();
        player->seek(player->durationNs() * 6 / 10);
        for (int i = 0; i < 3; ++i) {
            m_window->renderFrame();
            QCoreApplication::processEvents();
        }
        QCOMPARE(m_window->exportPng(QDir(dir).filePath(QStringLiteral("replay_window.png"))), QString());
        player->seek(player->durationNs());
        for (int i = 0; i < 3; ++i) {
            m_window->renderFrame();
            QCoreApplication::processEvents();
        }
        QCOMPARE(m_window->exportPng(QDir(dir).filePath(QStringLiteral("replay_window_end.png"))), QString());
        QCOMPARE(m_window->exportReport(QDir(dir).filePath(QStringLiteral("replay_report.pdf"))), QString());
        QVERIFY(QImage(QDir(dir).filePath(QStringLiteral("replay_window.png"))).width() > 400);
    }
};

QTEST_MAIN(TestReplayWindow)
#include "test_replay_window.moc"

// The python panel shows a real run of the course's gather.py: the console holds what the program
// printed, the timeline has the GIL lane (titled "sampled from CPython") and the hello/world task
// lanes, the header says live edits do not apply, and the factory picks this panel by kind.
// Opening (or dropping) a .py in the window makes it a python lab.
#include "catalog/catalog.h"
#include "charts/timeline_widget.h"
#include "main_window.h"
#include "panels/panel_factory.h"
#include "panels/python_panel.h"
#include "scenario/scenario_document.h"
#include "support/run_scenario.h"

#include <QApplication>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTest>

using looplab::testing::runScenario;
using looplab::testing::sourceDir;

namespace {

// A real run of a course script, shown in a python panel over [0, toS].
struct Shown {
    std::shared_ptr<const looplab::engine::RunResult> result;
    std::unique_ptr<looplab::ui::LabPanel> base;
    looplab::ui::PythonPanel* panel = nullptr;
};

Shown showRun(const QString& script, const QString& args, double toS)
{
    const QByteArray json
        = QStringLiteral(R"({"looplab": 1, "title": {"en": "t", "zh": "t"}, "notes": {"en": "", "zh": ""},
            "duration_s": 20, "seed": 1, "labs": [{"id": "py", "kind": "python", "script": "%1", "args": "%2"}]})")
              .arg(sourceDir() + QStringLiteral("/resources/python/course/") + script, args)
              .toUtf8();
    Shown s;
    s.result = runScenario(json, 60);
    if (!s.result)
        return s;
    s.base.reset(looplab::ui::createLabPanel(s.result->scenario.labs.front()));
    s.panel = qobject_cast<looplab::ui::PythonPanel*>(s.base.get());
    if (!s.panel)
        return s;
    s.panel->resize(1200, 800);
    s.panel->show();
    auto snapshot = std::make_shared<looplab::metrics::Snapshot>(s.result->data);
    looplab::ui::PanelFrame frame;
    frame.snapshot = snapshot;
    frame.lab = snapshot->findLab(QStringLiteral("py"));
    frame.fromS = 0;
    frame.toS = toS;
    if (frame.lab)
        s.panel->showFrame(frame);
    return s;
}

} // namespace

class TestUiPythonPanel : public QObject
{
    Q_OBJECT
private slots:
    void showsARealRun()
    {
        const Shown s = showRun(QStringLiteral("gather.py"), {}, 3);
        QVERIFY(s.result);
        auto* panel = s.panel;
        QVERIFY(panel);
        QVERIFY(panel->console()->toPlainText().contains(QStringLiteral("world\nhello")));
        QVERIFY(panel->notice()->text().contains(QStringLiteral("live edits do not apply")));
        QVERIFY(panel->timeline()->visibleLaneCount() >= 4); // loop, GIL, main thread, hello, world
        QVERIFY(panel->grab().width() > 0);
        QVERIFY(panel->statusLine().contains(QStringLiteral("exited with 0")));
        QVERIFY(!panel->queueWaits()->isVisibleTo(panel)); // no queue: no line about one
        QVERIFY(panel->charts().at(0)->isVisibleTo(panel)); // an asyncio program: the loop's tick strip
    }

    void showsQueueWaits()
    {
        // A producer faster than its consumers: the bounded queue fills and put() waits.
        const Shown s = showRun(QStringLiteral("queue_threads.py"), QStringLiteral("100"), 3);
        QVERIFY(s.panel);
        const QString text = s.panel->queueWaits()->text();
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("(\\d+) puts.* (\\d+) gets")).match(text);
        QVERIFY2(m.hasMatch(), qPrintable(text));
        QVERIFY2(m.captured(1).toInt() >= 5, qPrintable(text));
        QCOMPARE(double(m.captured(1).toInt()),
            s.result->data.findLab(QStringLiteral("py"))->metrics.value(QStringLiteral("queue_puts_blocked")));
        // Threads, no asyncio loop: the loop's tick strip and lag chart give their room away, and
        // the timeline has no empty "event loop" lane.
        QVERIFY(!s.panel->charts().at(0)->isVisibleTo(s.panel));
        QVERIFY(!s.panel->charts().at(1)->isVisibleTo(s.panel));
        const auto* lab = s.result->data.findLab(QStringLiteral("py"));
        QVERIFY(s.panel->timeline()->visibleLaneCount() >= 4); // GIL, main thread, producer, consumers
        QCOMPARE(s.panel->timeline()->visibleLaneCount(), int(lab->lanes.size()) - 1); // all but the loop's
    }

    void drawsToThreadFlows()
    {
        // Five to_thread() calls: an arrow out from each calling task to its worker thread, and
        // one back when the call ends.
        const Shown s = showRun(QStringLiteral("to_thread.py"), QStringLiteral("5 0.3"), 1.5);
        QVERIFY(s.panel);
        const auto* lab = s.result->data.findLab(QStringLiteral("py"));
        const auto flows = looplab::ui::PythonPanel::executorFlows(*lab);
        QVERIFY2(flows.size() >= 5, qPrintable(QString::number(flows.size())));
        for (const auto& f : flows) {
            QVERIFY2(lab->findLane(f.fromLane) && lab->findLane(f.fromLane)->group == QStringLiteral("tasks"),
                qPrintable(f.fromLane));
            QVERIFY2(lab->findLane(f.toLane) && lab->findLane(f.toLane)->group == QStringLiteral("threads"),
                qPrintable(f.toLane));
            QVERIFY(f.startS <= f.workS && f.workS < f.endS);
        }
        s.panel->grab(); // paints
        QVERIFY2(s.panel->timeline()->lastFlowArrowCount() >= 10,
            qPrintable(QString::number(s.panel->timeline()->lastFlowArrowCount())));
    }

    void openingAPythonFileMakesAPythonLab()
    {
        looplab::engine::Engine engine(looplab::labCatalog());
        looplab::ui::MainWindow window(&engine, looplab::labCatalog());
        const QString script = sourceDir() + QStringLiteral("/resources/python/course/gather.py");
        QVERIFY(window.openFile(script));
        const auto& sc = window.document()->scenario();
        QCOMPARE(sc.labs.size(), size_t(1));
        QCOMPARE(sc.labs.front().kind, QStringLiteral("python"));
        QCOMPARE(sc.labs.front().id, QStringLiteral("python"));
        QCOMPARE(sc.labs.front().textParam(QStringLiteral("script")), QFileInfo(script).absoluteFilePath());
    }
};

QTEST_MAIN(TestUiPythonPanel)
#include "test_ui_python_panel.moc"

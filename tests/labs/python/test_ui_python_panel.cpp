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
#include <QTest>

using looplab::testing::runScenario;
using looplab::testing::sourceDir;

class TestUiPythonPanel : public QObject
{
    Q_OBJECT
private slots:
    void showsARealRun()
    {
        const QByteArray json
            = QStringLiteral(R"({"looplab": 1, "title": {"en": "t", "zh": "t"}, "notes": {"en": "", "zh": ""},
            "duration_s": 20, "seed": 1, "labs": [{"id": "py", "kind": "python", "script": "%1"}]})")
                  .arg(sourceDir() + QStringLiteral("/resources/python/course/gather.py"))
                  .toUtf8();
        const auto result = runScenario(json, 60);
        QVERIFY(result);
        const auto& config = result->scenario.labs.front();
        std::unique_ptr<looplab::ui::LabPanel> base(looplab::ui::createLabPanel(config));
        auto* panel = qobject_cast<looplab::ui::PythonPanel*>(base.get());
        QVERIFY(panel);
        panel->resize(1200, 800);
        panel->show();
        auto snapshot = std::make_shared<looplab::metrics::Snapshot>(result->data);
        looplab::ui::PanelFrame frame;
        frame.snapshot = snapshot;
        frame.lab = snapshot->findLab(QStringLiteral("py"));
        frame.fromS = 0;
        frame.toS = 3;
        QVERIFY(frame.lab);
        panel->showFrame(frame);
        QVERIFY(panel->console()->toPlainText().contains(QStringLiteral("world\nhello")));
        QVERIFY(panel->notice()->text().contains(QStringLiteral("live edits do not apply")));
        QVERIFY(panel->timeline()->visibleLaneCount() >= 4); // loop, GIL, main thread, hello, world
        QVERIFY(panel->grab().width() > 0);
        QVERIFY(panel->statusLine().contains(QStringLiteral("exited with 0")));
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

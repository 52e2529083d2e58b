// File → Examples…: the dialog lists every built-in scenario and its search field filters by
// title, notes, lab kind and file name, case-insensitively and in Chinese too.
#include "catalog/catalog.h"
#include "examples/examples_dialog.h"
#include "main_window.h"
#include "ui_text.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTextBrowser>
#include <QtTest>

using namespace looplab;
using namespace looplab::ui;

class TestUiExamples : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void listsEveryBuiltInScenario();
    void filters_data();
    void filters();
    void chineseInterface();
    void noMatchDisablesOpen();
    void menuEntryAboveTheSubmenu();

private:
    int m_files = 0;
};

void TestUiExamples::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_examples"));
    QSettings().clear();
    m_files = int(QDir(MainWindow::builtInScenarioDir()).entryList({QStringLiteral("*.json")}, QDir::Files).size());
    QVERIFY2(m_files >= 20, "the built-in scenarios are compiled in");
}

void TestUiExamples::cleanup()
{
    setUiLanguage(QStringLiteral("en"));
}

void TestUiExamples::listsEveryBuiltInScenario()
{
    setUiLanguage(QStringLiteral("en"));
    ExamplesDialog dlg(MainWindow::builtInScenarioDir(), labCatalog());
    QCOMPARE(dlg.list()->count(), m_files); // every file parses
    QCOMPARE(dlg.visibleFiles().size(), m_files);
    // A selection from the start, and its notes in the preview.
    QVERIFY(!dlg.selectedPath().isEmpty());
    QVERIFY(dlg.preview()->toPlainText().size() > 100);
}

void TestUiExamples::filters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("contains");
    QTest::addColumn<QStringList>("excludes");
    QTest::addColumn<int>("exactly"); // -1: any count

    // Title words, any case.
    QTest::newRow("title word") << "nprobe" << QStringList{"search_ivf_nprobe.json"}
                                << QStringList{"pool_gil_convoy.json"} << -1;
    QTest::newRow("upper case") << "GIL" << QStringList{"pool_gil_convoy.json", "pool_fib_threads.json"}
                                << QStringList{"search_batching.json"} << -1;
    QTest::newRow("lower case") << "gil" << QStringList{"pool_gil_convoy.json"} << QStringList{"search_batching.json"}
                                << -1;
    // Lab kind, as written in files and as words.
    QTest::newRow("kind") << "vector_search"
                          << QStringList{"search_batching.json", "search_course_demo.json", "search_gpu_vs_cpu.json",
                                 "search_ivf_nprobe.json", "search_on_loop.json"}
                          << QStringList{"event_loop_gather.json"} << 5;
    QTest::newRow("kind as words") << "event loop" << QStringList{"event_loop_gather.json", "event_loop_blocking.json"}
                                   << QStringList{"pool_tiny_tasks.json"} << -1;
    // File name.
    QTest::newRow("file name") << "pool_lock_race" << QStringList{"pool_lock_race.json"}
                               << QStringList{"pool_fib_threads.json"} << -1;
    QTest::newRow("whole file name") << "event_loop_gather.json" << QStringList{"event_loop_gather.json"}
                                     << QStringList{} << -1;
    // The soak fixture (tests/benchmarks/soak) is no example.
    QTest::newRow("file extension") << ".json" << QStringList{"event_loop_gather.json"}
                                    << QStringList{"soak_busiest.json"} << -2; // all
    // Chinese, whatever the UI language: titles and notes of both languages are searched.
    QTest::newRow("chinese title") << "阻塞事件循环" << QStringList{"event_loop_blocking.json"}
                                   << QStringList{"pool_fib_threads.json"} << -1;
    QTest::newRow("chinese notes") << "召回率" << QStringList{"search_ivf_nprobe.json"}
                                   << QStringList{"pipeline_crawler.json"} << -1;
    // Several words: all must occur.
    QTest::newRow("two words") << "batching FAISS" << QStringList{"search_batching.json"}
                               << QStringList{"pool_gil_convoy.json"} << -1;
    QTest::newRow("no match") << "xyzzy-nothing" << QStringList{} << QStringList{"event_loop_gather.json"} << 0;
}

void TestUiExamples::filters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, contains);
    QFETCH(QStringList, excludes);
    QFETCH(int, exactly);
    setUiLanguage(QStringLiteral("en"));
    ExamplesDialog dlg(MainWindow::builtInScenarioDir(), labCatalog());
    // Typed, as a user would; Chinese arrives committed by an input method.
    bool ascii = true;
    for (QChar c : query)
        ascii = ascii && c.unicode() < 128;
    if (ascii)
        QTest::keyClicks(dlg.searchField(), query);
    else
        dlg.searchField()->insert(query);
    const QStringList shown = dlg.visibleFiles();
    for (const QString& f : contains)
        QVERIFY2(shown.contains(f),
            qPrintable(QStringLiteral("%1 should match “%2”; shown: %3").arg(f, query, shown.join(u' '))));
    for (const QString& f : excludes)
        QVERIFY2(!shown.contains(f), qPrintable(QStringLiteral("%1 should not match “%2”").arg(f, query)));
    if (exactly >= 0)
        QCOMPARE(shown.size(), exactly);
    if (exactly == -2)
        QCOMPARE(shown.size(), m_files);
    // What Open opens is one of the shown ones, and the preview shows it.
    if (!shown.isEmpty()) {
        QVERIFY(shown.contains(QFileInfo(dlg.selectedPath()).fileName()));
        QVERIFY(dlg.preview()->toPlainText().contains(QFileInfo(dlg.selectedPath()).fileName()));
    }
}

void TestUiExamples::chineseInterface()
{
    setUiLanguage(QStringLiteral("zh_CN"));
    ExamplesDialog dlg(MainWindow::builtInScenarioDir(), labCatalog());
    dlg.setQuery(QStringLiteral("event_loop_blocking"));
    QCOMPARE(dlg.visibleFiles(), QStringList{QStringLiteral("event_loop_blocking.json")});
    // Titles and notes in the UI language; English words still find it.
    QVERIFY(dlg.preview()->toPlainText().contains(QStringLiteral("阻塞事件循环")));
    dlg.setQuery(QStringLiteral("Blocking the event loop"));
    QVERIFY(dlg.visibleFiles().contains(QStringLiteral("event_loop_blocking.json")));
    // For looking at (not run by default): LOOPLAB_SHOT_DIR=DIR saves the dialog.
    if (const QString shot = qEnvironmentVariable("LOOPLAB_SHOT_DIR"); !shot.isEmpty()) {
        dlg.setQuery(QStringLiteral("gil"));
        dlg.grab().save(shot + QStringLiteral("/examples_zh.png"));
    }
}

void TestUiExamples::noMatchDisablesOpen()
{
    setUiLanguage(QStringLiteral("en"));
    ExamplesDialog dlg(MainWindow::builtInScenarioDir(), labCatalog());
    auto* open = dlg.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Open);
    QVERIFY(open->isEnabled());
    dlg.setQuery(QStringLiteral("no such scenario anywhere"));
    QVERIFY(dlg.visibleFiles().isEmpty());
    QVERIFY(!open->isEnabled());
    QVERIFY(dlg.selectedPath().isEmpty());
    QVERIFY(dlg.preview()->toPlainText().contains(QStringLiteral("No built-in scenario matches")));
    // Clearing the search brings every scenario back, with a selection.
    dlg.setQuery(QString());
    QCOMPARE(dlg.visibleFiles().size(), m_files);
    QVERIFY(open->isEnabled());
}

void TestUiExamples::menuEntryAboveTheSubmenu()
{
    MainWindow w(nullptr, labCatalog(), false);
    QMenu* file = w.menuBar()->actions().first()->menu();
    QVERIFY(file);
    int dialogAt = -1, submenuAt = -1;
    const auto actions = file->actions();
    for (int i = 0; i < actions.size(); ++i) {
        if (actions[i]->text() == QStringLiteral("E&xamples…"))
            dialogAt = i;
        if (actions[i]->menu() && actions[i]->text() == QLatin1String("Open &Example"))
            submenuAt = i;
    }
    QVERIFY(dialogAt >= 0);
    QVERIFY(submenuAt >= 0); // the old submenu stays
    QVERIFY(dialogAt < submenuAt);
    QVERIFY(!actions[dialogAt]->toolTip().isEmpty());
    if (const QString shot = qEnvironmentVariable("LOOPLAB_SHOT_DIR"); !shot.isEmpty()) {
        ExamplesDialog dlg(MainWindow::builtInScenarioDir(), labCatalog());
        dlg.setQuery(QStringLiteral("blocking"));
        dlg.grab().save(shot + QStringLiteral("/examples_en.png"));
    }
}

QTEST_MAIN(TestUiExamples)
#include "test_ui_examples.moc"

// View → Language, offscreen, on the real engine: with a built-in scenario running and an unsaved
// edit, switching to 简体中文 relabels the menus, actions, docks, a lab panel's charts, the status
// bar and the scenario's own texts in place — the run goes on, the edit and its undo entry stay —
// and switching back gives the English window again. Qt's own strings follow (qtbase_zh_CN).
#include "catalog/catalog.h"
#include "charts/tick_strip.h"
#include "charts/time_series_chart.h"
#include "i18n/language.h"
#include "i18n/retranslator.h"
#include "main_window.h"
#include "panels/event_loop_panel.h"
#include "scenario/param_editor.h"
#include "scenario/scenario_document.h"
#include "scenario/scenario_pane.h"
#include "ui_text.h"

#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

using namespace looplab;
using namespace looplab::ui;

namespace {
QStringList menuTitles(QMainWindow& w)
{
    QStringList out;
    for (QAction* a : w.menuBar()->actions())
        out << a->text();
    return out;
}

QAction* actionNamed(QMainWindow& w, const QString& name)
{
    return w.findChild<QAction*>(name);
}

QDockWidget* dock(QMainWindow& w, const char* name)
{
    return w.findChild<QDockWidget*>(QLatin1String(name));
}

QMenu* menuWithAction(QMainWindow& w, QAction* a)
{
    for (QObject* o : a->associatedObjects())
        if (auto* m = qobject_cast<QMenu*>(o))
            return m;
    Q_UNUSED(w);
    return nullptr;
}
} // namespace

class TestUiLanguage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void systemLocaleMapping();
    void switchRelabelsTheOpenWindow();
    void retranslatorKeepsUntranslatedTextsAlone();
};

void TestUiLanguage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_language"));
    QSettings().clear();
    // Startup as the app does it, made deterministic: English whatever this machine's locale.
    QVERIFY(applyLanguage(QStringLiteral("en")));
    QCOMPARE(currentLanguage(), QStringLiteral("en"));
}

void TestUiLanguage::systemLocaleMapping()
{
    QCOMPARE(availableLanguages(), (QStringList{QStringLiteral("en"), QStringLiteral("zh_CN")}));
    // No saved choice: the system's language.
    QCOMPARE(savedLanguageChoice(), QString());
    QCOMPARE(resolveLanguage(QString()), systemLanguage());
    // ctest runs this twice: as the machine is, and with a Chinese locale (LOOPLAB_EXPECT_LANGUAGE).
    if (const QString expected = qEnvironmentVariable("LOOPLAB_EXPECT_LANGUAGE"); !expected.isEmpty())
        QCOMPARE(systemLanguage(), expected);
    else
        QVERIFY(systemLanguage() == QLatin1String("en") || systemLanguage() == QLatin1String("zh_CN"));
    QCOMPARE(systemLanguage(),
        QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en"));
    QCOMPARE(resolveLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCOMPARE(resolveLanguage(QStringLiteral("klingon")), systemLanguage());
    QCOMPARE(nativeLanguageName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
}

void TestUiLanguage::switchRelabelsTheOpenWindow()
{
    engine::Engine engine(labCatalog());
    MainWindow w(&engine, labCatalog(), false);
    w.resize(1400, 900);
    w.show();
    QVERIFY2(w.openFile(MainWindow::builtInScenarioDir() + QStringLiteral("/event_loop_blocking.json")),
        qPrintable(w.lastError()));
    ScenarioDocument* doc = w.document();
    // Unsaved edits: slow motion ×5 (the 4 s run now lasts 20 s, so it is still running when
    // the language switches) and one parameter.
    QVERIFY(!doc->editTimeScale(5));
    QVERIFY(!doc->editParameter(QStringLiteral("loop"), QStringLiteral("io_ms"), 60));
    QVERIFY(doc->isModified());
    const int undoCount = doc->undoStack()->count();
    // The time-scale edit restarted the run; the engine must still say it runs (the old run's
    // end used to clear that flag after the new start).
    QTRY_VERIFY2_WITH_TIMEOUT(engine.isRunning() && engine.latest() && engine.latest()->elapsedNs > 300'000'000,
        qPrintable(QStringLiteral("running %1, latest %2, elapsed %3 ns, error %4")
                       .arg(engine.isRunning())
                       .arg(engine.latest() != nullptr)
                       .arg(engine.latest() ? engine.latest()->elapsedNs : -1)
                       .arg(w.lastError())),
        10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        (w.renderFrame(), w.findChild<QLabel*>(QStringLiteral("runClock"))->text().contains(QLatin1String(" s of "))),
        5000);

    // English first.
    QCOMPARE(menuTitles(w).first(), QStringLiteral("&File"));
    QVERIFY(menuTitles(w).contains(QStringLiteral("&View")));
    auto* panel = qobject_cast<EventLoopPanel*>(w.currentPanel());
    QVERIFY(panel);
    QCOMPARE(panel->lagChart()->title(), QStringLiteral("Loop lag"));
    QCOMPARE(w.scenarioPane()->titleText(), doc->scenario().title.en);
    QCOMPARE(dock(w, "scenarioDock")->windowTitle(), QStringLiteral("Scenario"));
    QAction* undo = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text().startsWith(QLatin1String("&Undo")))
            undo = a;
    QVERIFY(undo);
    QMenu* editMenu = menuWithAction(w, undo);
    QVERIFY(editMenu);
    const int editActions = int(editMenu->actions().size());
    const qint64 elapsedBefore = engine.latest()->elapsedNs;
    // Paused to explain a picture: the relabelled panels must show that same picture.
    w.grab();
    QVERIFY(panel->tickStrip()->lastTickCount() > 0);
    w.setPaused(true);

    // View → Language → 简体中文.
    QAction* zh = actionNamed(w, QStringLiteral("language:zh_CN"));
    QVERIFY(zh);
    QCOMPARE(zh->text(), QStringLiteral("简体中文")); // its own name, in any language
    zh->trigger();
    QCOMPARE(currentLanguage(), QStringLiteral("zh_CN"));
    QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
    QTRY_COMPARE(menuTitles(w).first(), QStringLiteral("文件(&F)"));
    QVERIFY2(menuTitles(w).contains(QStringLiteral("视图(&V)")), qPrintable(menuTitles(w).join(QLatin1Char(' '))));
    QVERIFY2(menuTitles(w).contains(QStringLiteral("运行(&R)")), qPrintable(menuTitles(w).join(QLatin1Char(' '))));
    // Actions, their tool tips and the toolbar.
    QAction* start = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == QStringLiteral("开始(&S)"))
            start = a;
    QVERIFY2(start, "the Start action was not relabelled");
    QCOMPARE(start->toolTip(), QStringLiteral("开始运行 (Ctrl+R)"));
    bool toolbarStart = false;
    for (QToolButton* b : w.findChildren<QToolButton*>())
        toolbarStart |= b->defaultAction() == start && b->text() == QStringLiteral("开始"); // no "(S)" in the toolbar
    QVERIFY(toolbarStart);
    QCOMPARE(actionNamed(w, QStringLiteral("language:system"))->text(), QStringLiteral("跟随系统"));
    // Docks and the scenario pane: chrome from tr(), title and notes from the file's "zh".
    QCOMPARE(dock(w, "scenarioDock")->windowTitle(), QStringLiteral("场景"));
    QCOMPARE(dock(w, "measuredDock")->windowTitle(), QStringLiteral("测量值"));
    QCOMPARE(w.scenarioPane()->titleText(), doc->scenario().title.zh);
    QVERIFY(w.scenarioPane()->showsModified());
    // The lab panel was rebuilt in Chinese and shows the same run.
    panel = qobject_cast<EventLoopPanel*>(w.currentPanel());
    QVERIFY(panel);
    QCOMPARE(panel->lagChart()->title(), QStringLiteral("循环延迟"));
    QCOMPARE(w.findChild<QTabWidget*>()->count(), 1);
    w.grab();
    QVERIFY2(panel->tickStrip()->lastTickCount() > 0, "the rebuilt panel is empty while the view is paused");
    QVERIFY(w.isPaused());
    w.setPaused(false);
    // The status bar.
    w.renderFrame();
    const QString clock = w.findChild<QLabel*>(QStringLiteral("runClock"))->text();
    QVERIFY2(clock.contains(QStringLiteral("秒")), qPrintable(clock));
    // The run went on (not restarted), the edits and their undo history survived.
    QVERIFY(engine.isRunning());
    QVERIFY(engine.latest()->elapsedNs >= elapsedBefore);
    QVERIFY(doc->isModified());
    QCOMPARE(doc->undoStack()->count(), undoCount);
    QCOMPARE(doc->scenario().timeScale, 5.0);
    QCOMPARE(doc->scenario().labs.front().params.value(QStringLiteral("io_ms")).toDouble(), 60.0);
    auto* io = qobject_cast<QDoubleSpinBox*>(
        w.scenarioPane()->editor()->editorFor(QStringLiteral("loop"), QStringLiteral("io_ms")));
    QVERIFY(io);
    QCOMPARE(io->value(), 60.0);
    // Undo/Redo were recreated with Chinese prefixes, in the same place, once.
    QCOMPARE(int(editMenu->actions().size()), editActions);
    QVERIFY2(editMenu->actions().first()->text().startsWith(QStringLiteral("撤销(&U)")),
        qPrintable(editMenu->actions().first()->text()));
    editMenu->actions().first()->trigger(); // undo still works: the io_ms edit goes
    QCOMPARE(doc->scenario().labs.front().params.value(QStringLiteral("io_ms")).toDouble(), 50.0);
    doc->undoStack()->redo();
    QCOMPARE(doc->scenario().labs.front().params.value(QStringLiteral("io_ms")).toDouble(), 60.0);
    // Qt's own dialogs: qtbase_zh_CN.qm from qt6-translations-l10n.
    if (QFileInfo::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm"))) {
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("取消"));
    } else {
        qWarning("qtbase_zh_CN.qm not installed (qt6-translations-l10n): Qt's own buttons stay English");
    }

    // And back to English.
    actionNamed(w, QStringLiteral("language:en"))->trigger();
    QTRY_COMPARE(menuTitles(w).first(), QStringLiteral("&File"));
    QVERIFY(menuTitles(w).contains(QStringLiteral("&View")));
    QCOMPARE(start->text(), QStringLiteral("&Start"));
    QCOMPARE(start->toolTip(), QStringLiteral("Start the run (Ctrl+R)"));
    QCOMPARE(dock(w, "scenarioDock")->windowTitle(), QStringLiteral("Scenario"));
    QCOMPARE(w.scenarioPane()->titleText(), doc->scenario().title.en);
    QCOMPARE(qobject_cast<EventLoopPanel*>(w.currentPanel())->lagChart()->title(), QStringLiteral("Loop lag"));
    QVERIFY(editMenu->actions().first()->text().startsWith(QLatin1String("&Undo")));
    QCOMPARE(int(editMenu->actions().size()), editActions);
    QVERIFY(doc->isModified());
    QVERIFY(engine.isRunning());

    // "System" forgets the choice.
    actionNamed(w, QStringLiteral("language:system"))->trigger();
    QVERIFY(!QSettings().contains(QStringLiteral("ui/language")));
    QCOMPARE(currentLanguage(), systemLanguage());

    applyLanguage(QStringLiteral("en"));
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.close();
}

void TestUiLanguage::retranslatorKeepsUntranslatedTextsAlone()
{
    // A label showing data (a lab id, a file name) is not a tr() text and must not be touched,
    // while a tr() label is relabelled, wherever in the tree it sits.
    applyLanguage(QStringLiteral("en"));
    QWidget root;
    auto* data = new QLabel(QStringLiteral("loop"), &root);
    auto* chrome = new QLabel(QCoreApplication::translate("looplab::ui::MainWindow", "Measured"), &root);
    QCOMPARE(chrome->text(), QStringLiteral("Measured"));
    applyLanguage(QStringLiteral("zh_CN"));
    retranslateWidgetTree(&root);
    QCOMPARE(chrome->text(), QStringLiteral("测量值"));
    QCOMPARE(data->text(), QStringLiteral("loop"));
    applyLanguage(QStringLiteral("en"));
    retranslateWidgetTree(&root);
    QCOMPARE(chrome->text(), QStringLiteral("Measured"));
}

QTEST_MAIN(TestUiLanguage)
#include "test_ui_language.moc"

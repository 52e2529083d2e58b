// Presenter mode and the run keys, on the real window and a real Engine (the fake lab kind):
// entering presenter mode hides the chrome, goes full screen and switches to the high-contrast
// theme with large fonts and thick lines; every way out (Esc, the shortcut, F11) restores the
// window exactly. Space pauses, R restarts, + and − step the time scale — with the menus hidden.
#include "charts/time_series_chart.h"
#include "fake_lab.h"
#include "main_window.h"
#include "presenter/presenter_mode.h"
#include "scenario/scenario_document.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

using namespace looplab;
using namespace looplab::ui;
using uitest::FakeLabLog;

class TestUiPresenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void entersAndRestores_data();
    void entersAndRestores();
    void keysWorkWithTheMenusHidden_data();
    void keysWorkWithTheMenusHidden();
    void timeScaleLadder_data();
    void timeScaleLadder();
    void highContrastColoursStayApart();

private:
    void openAndRun();
    TimeSeriesChart* firstChart() const;
    std::unique_ptr<QTemporaryDir> m_dir;
    uitest::FakeCatalog m_catalog;
    std::unique_ptr<engine::Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;
};

void TestUiPresenter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_presenter"));
    QSettings().clear();
}

void TestUiPresenter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    FakeLabLog::clear();
    m_engine = std::make_unique<engine::Engine>(m_catalog);
    m_window = std::make_unique<MainWindow>(m_engine.get(), m_catalog, false);
    m_window->resize(1200, 760);
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestUiPresenter::cleanup()
{
    m_window->setSavePrompt([] { return QMessageBox::Discard; });
    m_window.reset();
    m_engine.reset();
}

void TestUiPresenter::openAndRun()
{
    const QString path = m_dir->filePath(QStringLiteral("fake.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(uitest::fakeScenarioJson(QStringLiteral("Presenter")));
    f.close();
    QVERIFY(m_window->openFile(path));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_engine->isRunning() && m_engine->latest() && m_engine->latest()->elapsedNs > 300'000'000, 10000);
    m_window->renderFrame();
}

TimeSeriesChart* TestUiPresenter::firstChart() const
{
    const auto charts = m_window->findChildren<TimeSeriesChart*>();
    return charts.isEmpty() ? nullptr : charts.first();
}

void TestUiPresenter::entersAndRestores_data()
{
    QTest::addColumn<QString>("exitBy");
    QTest::addColumn<bool>("startDark");
    QTest::newRow("Esc") << "esc" << false;
    QTest::newRow("shortcut again") << "shortcut" << false;
    QTest::newRow("F11") << "f11" << false;
    QTest::newRow("Esc from the dark theme") << "esc" << true;
}

void TestUiPresenter::entersAndRestores()
{
    QFETCH(QString, exitBy);
    QFETCH(bool, startDark);
    openAndRun();
    if (startDark)
        for (QAction* a : m_window->findChildren<QAction*>())
            if (a->text() == QLatin1String("&Dark"))
                a->trigger();
    PresenterMode* pm = m_window->presenterMode();
    QVERIFY(pm);
    auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("scenarioDock"));
    QVERIFY(dock && dock->isVisible());

    // Before.
    const Theme::Kind kind = Theme::current().kind();
    const double fontScale = Theme::current().fontScale();
    const QFont appFont = QApplication::font();
    // The layout to come back to: which docks are where, and their size. (Not saveState()'s bytes:
    // a dock's size can settle 1-2 px differently after the fonts change back, which no one sees.)
    const auto dockArea = m_window->dockWidgetArea(dock);
    const QSize dockSize = dock->size();
    const Qt::WindowStates states = m_window->windowState();
    TimeSeriesChart* chart = firstChart();
    QVERIFY(chart);
    const auto series = chart->chart()->series();
    QVERIFY(!series.isEmpty());
    auto* line = qobject_cast<QLineSeries*>(series.first());
    QVERIFY(line);
    const qreal widthBefore = line->pen().widthF();
    const QColor colourBefore = line->pen().color();
    const int titleBefore = chart->chart()->titleFont().pointSize();

    // In: Ctrl+Shift+P, as a presenter would.
    QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(pm->isActive());
    QVERIFY(pm->toggleAction()->isChecked());
    QCOMPARE(Theme::current().kind(), Theme::Kind::HighContrast);
    QCOMPARE(Theme::current().background, QColor(Qt::black));
    QCOMPARE(Theme::current().text, QColor(Qt::white));
    QCOMPARE(Theme::current().fontScale(), PresenterMode::kFontScale);
    QVERIFY(QApplication::font().pointSizeF() > appFont.pointSizeF() * 1.5);
    QVERIFY(m_window->windowState().testFlag(Qt::WindowFullScreen));
    QVERIFY(!m_window->menuBar()->isVisible());
    QVERIFY(!m_window->statusBar()->isVisible());
    QVERIFY(!dock->isVisible());
    for (QToolBar* tb : m_window->findChildren<QToolBar*>())
        QVERIFY(!tb->isVisible());
    QVERIFY(chart->chart()->titleFont().pointSize() > titleBefore);
    // Thick lines and the high-contrast colours, on the next frames.
    QTest::qWait(100);
    m_window->renderFrame();
    // 2 px series become 3.5 px; dense min/max envelopes (1 px normally) 2 px.
    QVERIFY2(line->pen().widthF() >= 2.0 && line->pen().widthF() >= widthBefore,
        qPrintable(QStringLiteral("%1 → %2").arg(widthBefore).arg(line->pen().widthF())));
    QVERIFY(line->pen().color() != colourBefore);
    QCOMPARE(line->pen().color(), Theme::current().seriesColor(Theme::current().seriesColorIndex(line->pen().color())));

    // Out.
    if (exitBy == QLatin1String("esc"))
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
    else if (exitBy == QLatin1String("shortcut"))
        QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    else
        QTest::keyClick(m_window.get(), Qt::Key_F11);
    QVERIFY(!pm->isActive());
    QVERIFY(!pm->toggleAction()->isChecked());
    QCOMPARE(Theme::current().kind(), kind);
    QCOMPARE(Theme::current().fontScale(), fontScale);
    QCOMPARE(QApplication::font(), appFont);
    QCOMPARE(m_window->windowState(), states);
    QCOMPARE(m_window->dockWidgetArea(dock), dockArea);
    QTRY_VERIFY2(std::abs(dock->width() - dockSize.width()) <= 4 && std::abs(dock->height() - dockSize.height()) <= 4,
        qPrintable(QStringLiteral("dock %1x%2, was %3x%4")
                       .arg(dock->width())
                       .arg(dock->height())
                       .arg(dockSize.width())
                       .arg(dockSize.height())));
    QVERIFY(m_window->menuBar()->isVisible());
    QVERIFY(m_window->statusBar()->isVisible());
    QVERIFY(dock->isVisible());
    QCOMPARE(chart->chart()->titleFont().pointSize(), titleBefore);
    m_window->renderFrame();
    QCOMPARE(line->pen().color(), colourBefore);
    // Esc does nothing outside presenter mode.
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(!pm->isActive());
}

void TestUiPresenter::keysWorkWithTheMenusHidden_data()
{
    QTest::addColumn<bool>("presenting");
    QTest::newRow("window") << false;
    QTest::newRow("presenter mode") << true;
}

void TestUiPresenter::keysWorkWithTheMenusHidden()
{
    QFETCH(bool, presenting);
    openAndRun();
    if (presenting)
        m_window->presenterMode()->setActive(true);

    // Space: pause the view, and resume.
    QVERIFY(!m_window->isPaused());
    QTest::keyClick(m_window.get(), Qt::Key_Space);
    QVERIFY(m_window->isPaused());
    QTest::keyClick(m_window.get(), Qt::Key_Space);
    QVERIFY(!m_window->isPaused());

    // R: the run starts again from zero.
    QCOMPARE(FakeLabLog::startCount(), 1);
    QTest::keyClick(m_window.get(), Qt::Key_R);
    QTRY_COMPARE_WITH_TIMEOUT(FakeLabLog::startCount(), 2, 5000);

    // + and −: the time scale steps along 1-2-5 through the document (and so restarts the run).
    QCOMPARE(m_window->document()->scenario().timeScale, 1.0);
    QTest::keyClick(m_window.get(), Qt::Key_Plus);
    QCOMPARE(m_window->document()->scenario().timeScale, 2.0);
    QTest::keyClick(m_window.get(), Qt::Key_Plus);
    QCOMPARE(m_window->document()->scenario().timeScale, 5.0);
    QCOMPARE(m_window->findChild<QDoubleSpinBox*>(QStringLiteral("timeScale"))->value(), 5.0);
    QTRY_VERIFY2_WITH_TIMEOUT(m_engine->latest() && m_engine->latest()->timeScale == 5.0,
        qPrintable(QString::number(m_engine->latest()->timeScale)), 5000);
    QTest::keyClick(m_window.get(), Qt::Key_Minus);
    QCOMPARE(m_window->document()->scenario().timeScale, 2.0);
    // The actions show in the Run menu with their keys and tooltips.
    for (QAction* a : {m_window->presenterMode()->slowerAction(), m_window->presenterMode()->fasterAction(),
             m_window->presenterMode()->toggleAction(), m_window->presenterMode()->fullScreenAction()}) {
        QVERIFY(!a->shortcut().isEmpty());
        QVERIFY(!a->toolTip().isEmpty());
    }
    if (presenting)
        QVERIFY(m_window->presenterMode()->isActive()); // none of the keys left presenter mode
}

void TestUiPresenter::timeScaleLadder_data()
{
    QTest::addColumn<double>("from");
    QTest::addColumn<int>("direction");
    QTest::addColumn<double>("to");
    QTest::newRow("1 up") << 1.0 << 1 << 2.0;
    QTest::newRow("2 up") << 2.0 << 1 << 5.0;
    QTest::newRow("5 up") << 5.0 << 1 << 10.0;
    QTest::newRow("3 up (off the ladder)") << 3.0 << 1 << 5.0;
    QTest::newRow("3 down") << 3.0 << -1 << 2.0;
    QTest::newRow("1 down") << 1.0 << -1 << 0.5;
    QTest::newRow("top stays") << 1000.0 << 1 << 1000.0;
    QTest::newRow("bottom stays") << 0.1 << -1 << 0.1;
}

void TestUiPresenter::timeScaleLadder()
{
    QFETCH(double, from);
    QFETCH(int, direction);
    QFETCH(double, to);
    QCOMPARE(PresenterMode::nextTimeScale(from, direction), to);
}

void TestUiPresenter::highContrastColoursStayApart()
{
    Theme::setKind(Theme::Kind::HighContrast);
    const Theme& t = Theme::current();
    // Every series colour and lane-state colour stands out from black, and no two are close.
    auto lum = [](const QColor& c) { return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF(); };
    std::vector<QColor> colours;
    for (int i = 0; i < 8; ++i)
        colours.push_back(t.seriesColor(i));
    for (QColor c : colours)
        QVERIFY2(lum(c) > 0.3, qPrintable(c.name()));
    for (size_t i = 0; i < colours.size(); ++i)
        for (size_t j = i + 1; j < colours.size(); ++j) {
            const double d = std::abs(colours[i].hueF() - colours[j].hueF());
            const double dl = std::abs(lum(colours[i]) - lum(colours[j]));
            QVERIFY2(std::min(d, 1 - d) > 0.04 || dl > 0.15 || colours[i].saturationF() < 0.1
                    || colours[j].saturationF() < 0.1,
                qPrintable(colours[i].name() + QLatin1Char(' ') + colours[j].name()));
        }
    QVERIFY(lum(t.stateColor(metrics::LaneState::Ipc)) > 0.3); // brown would vanish on black
    QVERIFY(t.isDark());
    Theme::setKind(Theme::Kind::Light);
}

QTEST_MAIN(TestUiPresenter)
#include "test_ui_presenter.moc"

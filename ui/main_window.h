#pragma once
// The LoopLab window: menus, toolbar, status bar, the scenario pane, one panel per lab, and the
// frame timer that pulls the engine's latest Snapshot (at most 60 Hz; a frame that finds no new
// snapshot, or comes while the view is paused, does nothing — frames never queue up).
#include "engine/engine.h"
#include "scenario/param_spec.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <vector>

class QAction;
class QActionGroup;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QTabWidget;
class QTableView;

namespace looplab::ui {

namespace compare {
class CompareWindow;
}
class LabPanel;
class PresenterMode;
class ReplaySession;
class ScenarioDocument;
class ScenarioFileWatch;
class ScenarioPane;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `engine` may be nullptr: the window then only shows what showResult() gives it (headless
    // screenshots). `persistLayout`: read and write window layout in QSettings.
    MainWindow(engine::Engine* engine, const scenario::KindCatalog& catalog, bool persistLayout = true,
        QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opening. On error: a dialog with FILE:LINE:COL, the open scenario stays. Return success.
    bool openFile(const QString& path);
    bool openDefaultScenario();
    void setAutoStart(bool on) { m_autoStart = on; }

    // A finished run, shown as its final picture (no engine needed).
    void showResult(const engine::RunResult& result);

    // Run control.
    void startRun();
    void stopRun();
    void restartRun();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    // Exports; each returns an error message or "" (also what the menu actions call).
    QString exportPng(const QString& path, double scale = 1.0);
    QString exportChartSvg(QWidget* chart, const QString& path);
    QString exportCsv(const QString& path);
    QString exportTrace(const QString& path);
    // The PDF report of what the window shows: scenario, summary, one page per panel.
    QString exportReport(const QString& path);

    // Replay (ui/replay/): plays a recorded trace.json in the panels instead of running the
    // engine. On error: a dialog with the loader's message, the window keeps what it showed.
    // closeReplay(true) goes back to the scenario open before; false just ends the replay.
    bool openRecording(const QString& path);
    void closeReplay(bool restorePrevious = true);
    ReplaySession* replaySession() const { return m_replay; }

    // Pull the latest snapshot and paint it (the frame timer calls this; tests may too).
    void renderFrame();
    // Seconds of run time the charts show while running.
    void setTimeWindow(double seconds);
    // Run → Compare A/B…: a window that runs the open scenario twice with one parameter changed
    // (nullptr when no scenario is open). It stops this window's run before each comparison.
    compare::CompareWindow* openCompareWindow();

    // What the user would answer to "save your changes?" (tests replace the dialog).
    void setSavePrompt(std::function<QMessageBox::StandardButton()> prompt) { m_savePrompt = std::move(prompt); }
    // "The file changed on disk: reload it?" (path, the open document has unsaved edits) → reload.
    // Tests replace the dialog; without a replacement a window-modal box asks.
    void setReloadPrompt(std::function<bool(const QString&, bool)> prompt) { m_reloadPrompt = std::move(prompt); }
    bool maybeSave();
    bool save();
    bool saveAs(const QString& path);

    ScenarioDocument* document() const { return m_doc; }
    ScenarioPane* scenarioPane() const { return m_pane; }
    LabPanel* currentPanel() const;
    QList<LabPanel*> panels() const { return m_panels; }
    QString lastError() const { return m_lastError; }
    double framesPerSecond() const { return m_fps; }

    // Re-read the current Theme everywhere (palette, charts, panels) without changing it.
    void refreshTheme();
    PresenterMode* presenterMode() const { return m_presenter; }
    // File → Examples…: the searchable list of built-in scenarios.
    void showExamplesDialog();

    static QString builtInScenarioDir(); // ":/scenarios"
    static QString defaultScenarioPath();

Q_SIGNALS:
    // A frame showed a new snapshot; `ms`: the GUI thread's time to hand it to the panel (the
    // paint follows in the event loop). make soak and the frame benchmarks listen.
    void frameRendered(double ms);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override; // QEvent::LanguageChange → retranslate()

private:
    bool confirmRemoteTargets(const scenario::Scenario& sc);
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createStatusBar();
    void rebuildPanels();
    // Relabels the open window in the new language (View → Language): run, document and undo
    // history stay; the panels and the parameter editor are rebuilt from the document.
    void retranslate();
    void updateTitle();
    void updateRunActions();
    void updateStatus(const metrics::Snapshot* snap);
    void showError(const QString& title, const QString& text);
    void addRecentFile(const QString& path);
    void fillRecentMenu();
    void fillExamplesMenu();
    void applyTheme(bool dark);
    void onParameterChanged(const QString& labId, const QString& path, const QJsonValue& value);
    void onTimeScaleChanged(double scale);
    void onTabChanged();
    void chooseChartAndExportSvg();
    QString askSavePath(const QString& caption, const QString& suggestedName, const QString& filter);
    QString exportBaseName() const;
    metrics::SnapshotPtr shownSnapshot() const; // the replay's, a still result's, or the engine's

    engine::Engine* m_engine;
    const scenario::KindCatalog& m_catalog;
    bool m_persist;
    ScenarioDocument* m_doc;
    ScenarioPane* m_pane = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_metricsView = nullptr;
    QLabel* m_labStatus = nullptr;
    QList<LabPanel*> m_panels;

    QTimer m_frameTimer;
    uint64_t m_lastSerial = 0;
    metrics::SnapshotPtr m_staticSnapshot; // showResult()
    metrics::SnapshotPtr m_lastShown; // what the panels show (repainted after a relabel)
    QString m_language; // the language the window's texts are in
    bool m_paused = false;
    bool m_autoStart = true;
    bool m_allowRemoteAtStart = false; // --allow-remote: no confirmation for remote api targets
    double m_windowS = 30;
    QElapsedTimer m_fpsClock;
    // The status bar's run figures five times a second (and whenever the run's state changes):
    // each label whose text changes is repainted, which cost the frame more than it told.
    QElapsedTimer m_statusClock;
    metrics::RunState m_statusState = metrics::RunState::Starting;
    int m_framesThisSecond = 0;
    double m_fps = 0;
    double m_lastFrameMs = 0;
    double m_worstFrameMs = 0; // the slowest frame of the second the status bar shows
    double m_worstFrameMsNow = 0; // ... of the second being counted

    QString m_lastError;
    std::function<QMessageBox::StandardButton()> m_savePrompt;

    // The open file changed on disk (scenario_file_watch.h): ask, then reload or keep ours.
    void onChangedOnDisk(const QString& path);
    void answerReload(const QString& path, bool reload);
    ScenarioFileWatch* m_fileWatch = nullptr;
    std::function<bool(const QString&, bool)> m_reloadPrompt;
    bool m_reloadAsking = false;

    // Actions.
    QAction *m_openAct, *m_saveAct, *m_saveAsAct, *m_exportPngAct, *m_exportPng2xAct, *m_exportSvgAct, *m_exportCsvAct,
        *m_exportTraceAct, *m_quitAct, *m_startAct, *m_pauseAct, *m_stopAct, *m_restartAct, *m_undoAct, *m_redoAct,
        *m_aboutAct, *m_notesAct, *m_lightAct, *m_darkAct;
    QAction *m_openRecordingAct, *m_exportReportAct;
    ReplaySession* m_replay = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_examplesMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    PresenterMode* m_presenter = nullptr;
    QAction* m_examplesAct = nullptr;
    QDoubleSpinBox* m_timeScale = nullptr;
    QLabel *m_stateLabel, *m_clockLabel, *m_cpuLabel, *m_fpsLabel, *m_eventsLabel;
};

} // namespace looplab::ui

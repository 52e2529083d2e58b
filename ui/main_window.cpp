#include "main_window.h"

#include "catalog/build_info.h"
#include "charts/time_series_chart.h"
#include "compare/compare_window.h"
#include "engine/app_paths.h"
#include "examples/examples_dialog.h"
#include "export/exporters.h"
#include "export/image_export.h"
#include "export/report_export.h"
#include "i18n/language.h"
#include "i18n/retranslator.h"
#include "labs/api/api_config.h"
#include "labs/python/python_lab.h"
#include "panels/lab_panel.h"
#include "panels/metrics_model.h"
#include "panels/panel_factory.h"
#include "panels/view_window.h"
#include "presenter/presenter_mode.h"
#include "replay/replay_session.h"
#include "scenario/param_editor.h"
#include "scenario/scenario_document.h"
#include "scenario/scenario_file_watch.h"
#include "scenario/scenario_pane.h"
#include "theme.h"
#include "ui_text.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>

#include <sys/resource.h>
#include <sys/syscall.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unistd.h>

namespace looplab::ui {

namespace {
constexpr int kFrameIntervalMs = 16; // at most ~60 Hz; the engine publishes ~30 snapshots a second
constexpr int kMaxRecent = 8;

// The GUI thread's priority above the labs' (issue 18): when the labs saturate every core, the
// frames must still reach the screen on time. An unprivileged process may lower a thread's
// priority but not raise it, so the GUI thread keeps nice 0 and every other thread of the process
// (the engine thread, and the lab threads that exist) is lowered to nice kLabNice. Linux
// schedules threads one by one and a new thread, or a forked worker process, inherits its
// creator's nice value: what the engine and the labs start later is lowered too. Qt's own GUI
// helpers (the X event reader, D-Bus) keep nice 0. All lab threads lose the same weight, so what
// a lesson measures between them is unchanged; at nice 5 they get about 3/4 of a contended core
// back for every 1/4 the GUI takes, and the GUI takes a few percent. LOOPLAB_GUI_PRIORITY=0 turns
// it off (the benchmark's baseline). Returns the number of threads lowered.
constexpr int kLabNice = 5;

bool guiPriorityEnabled()
{
    static const bool on = qEnvironmentVariable("LOOPLAB_GUI_PRIORITY", QStringLiteral("1")) != QStringLiteral("0");
    return on;
}

int lowerLabThreads()
{
    if (!guiPriorityEnabled())
        return 0;
    const long self = syscall(SYS_gettid);
    int lowered = 0;
    const QStringList tids = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& t : tids) {
        const long tid = t.toLong();
        if (tid <= 0 || tid == self)
            continue;
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(t));
        const QByteArray name = comm.open(QIODevice::ReadOnly) ? comm.readAll().trimmed() : QByteArray();
        if (name.startsWith("QXcb") || name.startsWith("QDBus") || name.startsWith("gmain") || name.startsWith("gdbus")
            || name.startsWith("dconf"))
            continue;
        errno = 0;
        const int now = getpriority(PRIO_PROCESS, id_t(tid));
        if (errno == 0 && now < kLabNice && setpriority(PRIO_PROCESS, id_t(tid), kLabNice) == 0)
            ++lowered;
    }
    return lowered;
}

QString runStateText(metrics::RunState s)
{
    switch (s) {
    case metrics::RunState::Idle:
        return MainWindow::tr("idle");
    case metrics::RunState::Starting:
        return MainWindow::tr("starting");
    case metrics::RunState::Running:
        return MainWindow::tr("running");
    case metrics::RunState::Finished:
        return MainWindow::tr("finished");
    case metrics::RunState::Failed:
        return MainWindow::tr("failed");
    }
    return {};
}
} // namespace

MainWindow::MainWindow(
    engine::Engine* engine, const scenario::KindCatalog& catalog, bool persistLayout, QWidget* parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_catalog(catalog)
    , m_persist(persistLayout)
    , m_doc(new ScenarioDocument(catalog, this))
{
    installTranslationRecorder(); // before the first tr(): View → Language relabels what is built here
    m_allowRemoteAtStart = m_engine && m_engine->allowRemote();
    setObjectName(QStringLiteral("LoopLabMainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // Use the screen: a projector or a 1920×1080 laptop shows notes, parameters and charts
    // without scrolling. Most of it, not all (the taskbar, and a window that can still be moved).
    // A saved geometry (below) wins.
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QRect avail = screen->availableGeometry();
        const QSize want(std::max(1024, int(avail.width() * 0.94)), std::max(700, int(avail.height() * 0.94)));
        resize(want.boundedTo(avail.size()));
        move(avail.center() - rect().center());
    } else {
        resize(1600, 1000);
    }

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onTabChanged);

    createActions();
    createDocks();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_doc, &ScenarioDocument::scenarioReset, this, &MainWindow::rebuildPanels);
    connect(m_doc, &ScenarioDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &ScenarioDocument::pathChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &ScenarioDocument::parameterChanged, this, &MainWindow::onParameterChanged);
    connect(m_doc, &ScenarioDocument::timeScaleChanged, this, &MainWindow::onTimeScaleChanged);
    m_fileWatch = new ScenarioFileWatch(this);
    connect(m_fileWatch, &ScenarioFileWatch::changedOnDisk, this, &MainWindow::onChangedOnDisk);
    connect(m_fileWatch, &ScenarioFileWatch::removedFromDisk, this, [this](const QString& path) {
        statusBar()->showMessage(tr("%1 was removed from disk; the scenario stays open — Save writes it again.")
                                     .arg(QFileInfo(path).fileName()),
            8000);
    });

    if (m_engine) {
        // A snapshot is painted when it arrives (the frame timer below remains for the status
        // line and for pictures that are not the engine's): polling alone painted it up to 16 ms
        // late, and frame intervals of 40 + 16 ms broke issue 18's 50 ms gap goal.
        connect(m_engine, &engine::Engine::snapshotPublished, this, &MainWindow::renderFrame);
        connect(m_engine, &engine::Engine::started, this, [this] {
            lowerLabThreads(); // threads the GUI thread started since (none, usually)
            updateRunActions();
        });
        lowerLabThreads(); // the engine thread: the labs it starts inherit its priority
        connect(m_engine, &engine::Engine::finished, this, [this] {
            updateRunActions();
            m_lastSerial = 0; // repaint the final, whole-run picture
            renderFrame();
        });
        connect(m_engine, &engine::Engine::failed, this, [this](const QString& message) {
            updateRunActions();
            showError(tr("The run failed"), message);
        });
        connect(m_engine, &engine::Engine::parameterApplied, this,
            [this](const QString& labId, const QString& path, bool restarted) {
                m_pane->showParameterApplied(labId, path, restarted);
            });
    }

    // Without persistence (headless screenshots) the window looks the same for everybody.
    QSettings settings;
    const bool dark = m_persist && settings.value(QStringLiteral("view/dark"), false).toBool();
    if (m_persist)
        m_windowS = settings.value(QStringLiteral("view/windowS"), 30.0).toDouble();
    applyTheme(dark);
    if (m_persist) {
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    }

    m_frameTimer.setInterval(kFrameIntervalMs);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &MainWindow::renderFrame);
    m_frameTimer.start();
    m_fpsClock.start();
    updateTitle();
    updateRunActions();
    tidyToolButtonTexts(this);
    m_language = uiLanguage();
}

MainWindow::~MainWindow()
{
    m_frameTimer.stop();
    m_doc->disconnect(this);
    if (m_engine)
        m_engine->disconnect(this);
}

// ---------------------------------------------------------------------------------------------
// Construction

void MainWindow::createActions()
{
    m_openAct = new QAction(tr("&Open…"), this);
    m_openAct->setShortcut(QKeySequence::Open);
    connect(m_openAct, &QAction::triggered, this, [this] {
        if (!maybeSave())
            return;
        const QString dir = QSettings().value(QStringLiteral("files/lastDir")).toString();
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Open scenario"), dir, tr("LoopLab scenarios (*.json)"));
        if (!path.isEmpty())
            openFile(path);
    });
    m_openRecordingAct = new QAction(tr("Open &recording…"), this);
    m_openRecordingAct->setToolTip(tr("Replay a run from its trace.json: play, step, scrub, change speed"));
    connect(m_openRecordingAct, &QAction::triggered, this, [this] {
        const QString dir = QSettings().value(QStringLiteral("files/lastDir")).toString();
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Open recording"), dir, tr("LoopLab traces (*.json)"));
        if (!path.isEmpty())
            openRecording(path);
    });
    m_exportReportAct = new QAction(tr("Export report (PDF)…"), this);
    m_exportReportAct->setToolTip(
        tr("A PDF for homework: scenario, parameters, summary metrics and one page per panel"));
    connect(m_exportReportAct, &QAction::triggered, this, [this] {
        const QString path
            = askSavePath(tr("Export report"), exportBaseName() + QStringLiteral(".pdf"), tr("PDF documents (*.pdf)"));
        if (!path.isEmpty())
            if (const QString e = exportReport(path); !e.isEmpty())
                showError(tr("Export failed"), e);
    });
    m_saveAct = new QAction(tr("&Save"), this);
    m_saveAct->setShortcut(QKeySequence::Save);
    connect(m_saveAct, &QAction::triggered, this, &MainWindow::save);
    m_saveAsAct = new QAction(tr("Save &As…"), this);
    m_saveAsAct->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAct, &QAction::triggered, this, [this] {
        const QString path = askSavePath(
            tr("Save scenario as"), exportBaseName() + QStringLiteral(".json"), tr("LoopLab scenarios (*.json)"));
        if (!path.isEmpty())
            saveAs(path);
    });
    m_exportPngAct = new QAction(tr("Export screenshot (PNG)…"), this);
    m_exportPngAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportPngAct, &QAction::triggered, this, [this] {
        const QString path
            = askSavePath(tr("Export screenshot"), exportBaseName() + QStringLiteral(".png"), tr("PNG images (*.png)"));
        if (!path.isEmpty())
            if (const QString e = exportPng(path, 1.0); !e.isEmpty())
                showError(tr("Export failed"), e);
    });
    m_exportPng2xAct = new QAction(tr("Export screenshot at 2× (projectors)…"), this);
    connect(m_exportPng2xAct, &QAction::triggered, this, [this] {
        const QString path = askSavePath(
            tr("Export screenshot at 2×"), exportBaseName() + QStringLiteral("@2x.png"), tr("PNG images (*.png)"));
        if (!path.isEmpty())
            if (const QString e = exportPng(path, 2.0); !e.isEmpty())
                showError(tr("Export failed"), e);
    });
    m_exportSvgAct = new QAction(tr("Export chart (SVG)…"), this);
    connect(m_exportSvgAct, &QAction::triggered, this, &MainWindow::chooseChartAndExportSvg);
    m_exportCsvAct = new QAction(tr("Export data (CSV)…"), this);
    connect(m_exportCsvAct, &QAction::triggered, this, [this] {
        const QString path = askSavePath(
            tr("Export the run's series"), exportBaseName() + QStringLiteral(".csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            if (const QString e = exportCsv(path); !e.isEmpty())
                showError(tr("Export failed"), e);
    });
    m_exportTraceAct = new QAction(tr("Export trace for Perfetto…"), this);
    connect(m_exportTraceAct, &QAction::triggered, this, [this] {
        const QString path = askSavePath(
            tr("Export trace"), exportBaseName() + QStringLiteral(".trace.json"), tr("Trace files (*.json)"));
        if (!path.isEmpty())
            if (const QString e = exportTrace(path); !e.isEmpty())
                showError(tr("Export failed"), e);
    });
    m_quitAct = new QAction(tr("&Quit"), this);
    m_quitAct->setShortcut(QKeySequence::Quit);
    m_quitAct->setMenuRole(QAction::QuitRole);
    connect(m_quitAct, &QAction::triggered, this, &QWidget::close);

    m_startAct = new QAction(tr("&Start"), this);
    m_startAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_startAct->setToolTip(tr("Start the run (Ctrl+R)"));
    connect(m_startAct, &QAction::triggered, this, &MainWindow::startRun);
    m_pauseAct = new QAction(tr("&Pause view"), this);
    m_pauseAct->setCheckable(true);
    m_pauseAct->setShortcut(QKeySequence(Qt::Key_Space));
    m_pauseAct->setToolTip(tr("Freeze the charts to inspect them (Space); the run goes on underneath"));
    connect(m_pauseAct, &QAction::toggled, this, &MainWindow::setPaused);
    m_stopAct = new QAction(tr("S&top"), this);
    m_stopAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stopAct->setToolTip(tr("Stop the run (Ctrl+.)"));
    connect(m_stopAct, &QAction::triggered, this, &MainWindow::stopRun);
    m_restartAct = new QAction(tr("&Restart"), this);
    m_restartAct->setShortcuts({QKeySequence(Qt::Key_R), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)});
    m_restartAct->setToolTip(tr("Run again from the start (R or Ctrl+Shift+R)"));
    connect(m_restartAct, &QAction::triggered, this, &MainWindow::restartRun);

    m_undoAct = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAct->setShortcut(QKeySequence::Undo);
    m_redoAct = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAct->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});

    m_aboutAct = new QAction(tr("&About LoopLab"), this);
    m_aboutAct->setMenuRole(QAction::AboutRole);
    connect(m_aboutAct, &QAction::triggered, this, [this] {
        QStringList components; // Qt, QCoro, FAISS, CUDA, GPU: the lines of `looplab --version`
        for (const QString& line : versionLines(buildInfo()).mid(1))
            components << line.toHtmlEscaped();
        QMessageBox::about(this, tr("About LoopLab"),
            tr("<h3>LoopLab %1</h3><p>Watch concurrency happen: a real event loop, thread and process "
               "pools, queues, HTTP traffic and vector searches, measured live.</p>"
               "<p>Threads, processes, sockets and FAISS searches are real and timed by clocks; "
               "the Python interpreter's GIL and I/O waits are emulated, and labelled so.</p>")
                    .arg(QStringLiteral(LOOPLAB_VERSION))
                + QStringLiteral("<p><small>%1</small></p>").arg(components.join(QStringLiteral("<br>"))));
    });
    m_notesAct = new QAction(tr("Scenario &notes"), this);
    m_notesAct->setShortcut(QKeySequence::HelpContents);
    connect(m_notesAct, &QAction::triggered, this, [this] {
        auto* dlg = new QDialog(this);
        dlg->setAttribute(Qt::WA_DeleteOnClose);
        dlg->setWindowTitle(localized(m_doc->scenario().title));
        auto* browser = new QTextBrowser;
        browser->setMarkdown(QStringLiteral("# ") + localized(m_doc->scenario().title) + QStringLiteral("\n\n")
            + notesMarkdown(localized(m_doc->scenario().notes)));
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
        connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::close);
        auto* l = new QVBoxLayout(dlg);
        l->addWidget(browser);
        l->addWidget(buttons);
        dlg->resize(640, 480);
        dlg->show();
    });

    m_lightAct = new QAction(tr("&Light"), this);
    m_darkAct = new QAction(tr("&Dark"), this);
    auto* themes = new QActionGroup(this);
    for (QAction* a : {m_lightAct, m_darkAct}) {
        a->setCheckable(true);
        themes->addAction(a);
    }
    connect(m_darkAct, &QAction::toggled, this, [this](bool dark) { applyTheme(dark); });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAct);
    file->addAction(m_openRecordingAct);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    m_examplesAct = new QAction(tr("E&xamples…"), this);
    m_examplesAct->setToolTip(tr("Search the built-in scenarios by title, notes, lab or file name"));
    connect(m_examplesAct, &QAction::triggered, this, &MainWindow::showExamplesDialog);
    file->addAction(m_examplesAct);
    m_examplesMenu = file->addMenu(tr("Open &Example"));
    connect(m_examplesMenu, &QMenu::aboutToShow, this, &MainWindow::fillExamplesMenu);
    file->addSeparator();
    file->addAction(m_saveAct);
    file->addAction(m_saveAsAct);
    file->addSeparator();
    file->addAction(m_exportPngAct);
    file->addAction(m_exportPng2xAct);
    file->addAction(m_exportSvgAct);
    file->addAction(m_exportCsvAct);
    file->addAction(m_exportTraceAct);
    file->addAction(m_exportReportAct);
    file->addSeparator();
    file->addAction(m_quitAct);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAct);
    edit->addAction(m_redoAct);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_startAct);
    run->addAction(m_pauseAct);
    run->addAction(m_stopAct);
    run->addAction(m_restartAct);
    run->addSeparator();
    QAction* compareAct = run->addAction(tr("&Compare A/B…"));
    compareAct->setToolTip(tr("Run the scenario twice with one parameter changed and compare the runs side by side"));
    connect(compareAct, &QAction::triggered, this, [this] { openCompareWindow(); });
    QAction* cpythonAct = run->addAction(tr("Compare: LoopLab engine vs real C&Python…"));
    cpythonAct->setObjectName(QStringLiteral("compareCpythonAction"));
    cpythonAct->setToolTip(tr("Run this course demo on LoopLab's engine, then the same demo as a real Python program "
                              "under CPython, and compare them side by side (resources/python/pairs.json)"));
    connect(cpythonAct, &QAction::triggered, this, [this] {
        if (auto* w = openCompareWindow(); w && !w->cpythonPairs().empty() && !w->cpythonChosen())
            w->chooseCpython(0);
    });
    // Only a paired built-in scenario has a CPython twin; checked when the menu opens.
    connect(run, &QMenu::aboutToShow, this, [this, cpythonAct] {
        cpythonAct->setEnabled(m_doc->hasScenario() && !compare::cpythonPairsFor(m_doc->scenario().sourcePath).empty());
    });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>())
        m_viewMenu->addAction(d->toggleViewAction());
    m_viewMenu->addSeparator();
    QMenu* theme = m_viewMenu->addMenu(tr("&Theme"));
    theme->addAction(m_lightAct);
    theme->addAction(m_darkAct);
    m_viewMenu->addMenu(createLanguageMenu(this));
    QMenu* window = m_viewMenu->addMenu(tr("Time &window"));
    auto* windows = new QActionGroup(this);
    for (double s : {10.0, 30.0, 60.0}) {
        QAction* a = window->addAction(tr("last %1 s").arg(s));
        a->setCheckable(true);
        a->setProperty("timeWindowS", s); // retranslate() re-sets the text
        a->setChecked(std::fabs(s - m_windowS) < 1e-9);
        windows->addAction(a);
        connect(a, &QAction::triggered, this, [this, s] { setTimeWindow(s); });
    }

    // Presenter mode and the keys that work without menus (Space, R, +, −, F11).
    m_presenter = new PresenterMode(this);
    addAction(m_pauseAct);
    addAction(m_restartAct);
    run->setToolTipsVisible(true);
    m_viewMenu->setToolTipsVisible(true);
    run->addSeparator();
    run->addAction(m_presenter->slowerAction());
    run->addAction(m_presenter->fasterAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_presenter->fullScreenAction());
    m_viewMenu->addAction(m_presenter->toggleAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_notesAct);
    help->addAction(m_aboutAct);
}

void MainWindow::createToolBar()
{
    QToolBar* tb = addToolBar(tr("Run controls"));
    tb->setObjectName(QStringLiteral("runToolBar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->setMovable(false);
    const QStyle* st = style();
    m_openAct->setIcon(st->standardIcon(QStyle::SP_DialogOpenButton));
    m_saveAct->setIcon(st->standardIcon(QStyle::SP_DialogSaveButton));
    m_startAct->setIcon(st->standardIcon(QStyle::SP_MediaPlay));
    m_pauseAct->setIcon(st->standardIcon(QStyle::SP_MediaPause));
    m_stopAct->setIcon(st->standardIcon(QStyle::SP_MediaStop));
    m_restartAct->setIcon(st->standardIcon(QStyle::SP_BrowserReload));
    tb->addAction(m_openAct);
    tb->addAction(m_saveAct);
    tb->addSeparator();
    tb->addAction(m_startAct);
    tb->addAction(m_pauseAct);
    tb->addAction(m_stopAct);
    tb->addAction(m_restartAct);
    tb->addSeparator();
    auto* tsLabel = new QLabel(tr(" time scale "));
    tsLabel->setToolTip(
        tr("Stretch every duration of the scenario: ×10 runs the lesson in slow motion, with real concurrency"));
    tb->addWidget(tsLabel);
    m_timeScale = new QDoubleSpinBox;
    m_timeScale->setPrefix(QStringLiteral("×"));
    m_timeScale->setRange(0.01, 1000);
    m_timeScale->setDecimals(2);
    m_timeScale->setValue(1);
    m_timeScale->setKeyboardTracking(false);
    m_timeScale->setToolTip(tsLabel->toolTip());
    m_timeScale->setObjectName(QStringLiteral("timeScale"));
    connect(m_timeScale, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (auto err = m_doc->editTimeScale(v)) {
            m_pane->showMessage(*err, true);
            const QSignalBlocker b(m_timeScale);
            m_timeScale->setValue(m_doc->scenario().timeScale);
        }
    });
    tb->addWidget(m_timeScale);
    tb->addSeparator();
    m_exportPngAct->setIconText(tr("Screenshot"));
    tb->addAction(m_exportPngAct);
}

void MainWindow::createDocks()
{
    m_pane = new ScenarioPane(m_doc);
    auto* scenarioDock = new QDockWidget(tr("Scenario"), this);
    scenarioDock->setObjectName(QStringLiteral("scenarioDock"));
    scenarioDock->setWidget(m_pane);
    scenarioDock->setMinimumWidth(280);
    addDockWidget(Qt::LeftDockWidgetArea, scenarioDock);

    auto* measured = new QWidget;
    auto* l = new QVBoxLayout(measured);
    l->setContentsMargins(6, 4, 6, 4);
    m_labStatus = new QLabel;
    m_labStatus->setWordWrap(true);
    m_metricsView = new QTableView;
    m_metricsView->setObjectName(QStringLiteral("metricsView"));
    m_metricsView->verticalHeader()->setVisible(false);
    m_metricsView->horizontalHeader()->setStretchLastSection(true);
    m_metricsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_metricsView->setAlternatingRowColors(true);
    m_metricsView->setShowGrid(false);
    m_metricsView->setWordWrap(false);
    l->addWidget(m_labStatus);
    l->addWidget(m_metricsView, 1);
    auto* measuredDock = new QDockWidget(tr("Measured"), this);
    measuredDock->setObjectName(QStringLiteral("measuredDock"));
    measuredDock->setWidget(measured);
    addDockWidget(Qt::LeftDockWidgetArea, measuredDock);
    splitDockWidget(scenarioDock, measuredDock, Qt::Vertical);
    // The left column: wide enough for the parameter editor's labels, fields and ↻ marks without a
    // horizontal scroll bar; the notes get most of its height.
    resizeDocks({scenarioDock, measuredDock}, {height() * 7 / 10, height() * 3 / 10}, Qt::Vertical);
    resizeDocks({scenarioDock}, {std::clamp(width() / 4, 380, 520)}, Qt::Horizontal);
}

void MainWindow::createStatusBar()
{
    m_stateLabel = new QLabel;
    m_clockLabel = new QLabel;
    m_cpuLabel = new QLabel;
    m_fpsLabel = new QLabel;
    m_eventsLabel = new QLabel;
    m_clockLabel->setObjectName(QStringLiteral("runClock"));
    m_cpuLabel->setToolTip(tr("CPU used by the engine and its labs over the last second, in cores"));
    m_fpsLabel->setToolTip(tr("Frames the window painted per second, and the slowest frame of that second (data, paint "
                              "and flush to the screen)"));
    m_eventsLabel->setToolTip(tr("Events recorded by the labs' threads; dropped ones mean a ring overflowed"));
    // All permanent: temporary messages ("Saved …") show on the left without hiding the clock.
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_clockLabel);
    statusBar()->addPermanentWidget(m_eventsLabel);
    statusBar()->addPermanentWidget(m_cpuLabel);
    statusBar()->addPermanentWidget(m_fpsLabel);
}

// ---------------------------------------------------------------------------------------------
// Scenarios

QString MainWindow::builtInScenarioDir()
{
    return paths::scenariosDir(); // installed share folder, or the source tree of a build
}

QString MainWindow::defaultScenarioPath()
{
    return builtInScenarioDir() + QStringLiteral("/event_loop_gather.json");
}

bool MainWindow::openFile(const QString& path)
{
    if (isTraceFile(path)) // by content: a trace.json given on the command line, dropped, recent
        return openRecording(path);
    if (path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive) && QFileInfo(path).isFile()) {
        // A Python program (opened or dropped): a one-lab python scenario beside LoopLab's
        // temporary files, opened like any other (issue 15).
        const QString dir
            = QDir::temp().filePath(QStringLiteral("looplab-python-%1").arg(QCoreApplication::applicationPid()));
        QFile scenarioFile(QDir(dir).filePath(QFileInfo(path).completeBaseName() + QStringLiteral(".json")));
        if (!QDir().mkpath(dir) || !scenarioFile.open(QIODevice::WriteOnly)
            || scenarioFile.write(labs::python::commandLineScenario(path, {}, 600)) < 0) {
            showError(
                tr("Cannot open scenario"), QStringLiteral("%1:1:1: error: %2").arg(path, scenarioFile.errorString()));
            return false;
        }
        scenarioFile.close();
        return openFile(scenarioFile.fileName());
    }
    QFile f(path);
    scenario::Result<scenario::Scenario> loaded;
    if (!f.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open scenario"), QStringLiteral("%1:1:1: error: %2").arg(path, f.errorString()));
        return false;
    }
    if (f.size() > scenario::kMaxFileBytes) {
        showError(tr("Cannot open scenario"),
            QStringLiteral("%1:1:1: error: %2")
                .arg(path, tr("the file is larger than %1 bytes").arg(scenario::kMaxFileBytes)));
        return false;
    }
    const QByteArray content = f.readAll();
    loaded = scenario::parseScenario(content, path, m_catalog);
    if (auto* e = std::get_if<scenario::ScenarioError>(&loaded)) {
        showError(
            tr("This scenario has an error"), tr("%1\n\nThe scenario that was open is unchanged.").arg(e->toString()));
        return false;
    }
    if (!confirmRemoteTargets(std::get<scenario::Scenario>(loaded)))
        return false;
    if (m_engine && m_engine->isRunning())
        m_engine->stop();
    closeReplay(false);
    auto sc = std::get<scenario::Scenario>(loaded);
    sc.sourcePath = path;
    m_doc->reset(sc, path);
    m_fileWatch->watch(path, content);
    if (!paths::isBuiltInScenario(path)) {
        addRecentFile(QFileInfo(path).absoluteFilePath());
        QSettings().setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    }
    {
        const QSignalBlocker b(m_timeScale);
        m_timeScale->setValue(sc.timeScale);
    }
    m_staticSnapshot.reset();
    m_lastSerial = 0;
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 4000);
    if (m_autoStart && m_engine)
        startRun();
    return true;
}

// An api lab that sends load to another machine needs --allow-remote, as on the command line;
// without it the window asks first. Yes allows it for this scenario; No leaves the one open.
bool MainWindow::confirmRemoteTargets(const scenario::Scenario& sc)
{
    if (!m_engine)
        return true;
    QStringList remote;
    for (const auto& lab : sc.labs) {
        const QString target = lab.objectParam(QStringLiteral("load")).value(QLatin1String("target")).toString();
        if (lab.kind == QLatin1String("api") && labs::api::isRemoteTarget(target))
            remote << target;
    }
    if (remote.isEmpty() || m_allowRemoteAtStart) {
        m_engine->setAllowRemote(m_allowRemoteAtStart);
        return true;
    }
    const auto answer = QMessageBox::question(this, tr("Send load to another machine?"),
        tr("This scenario sends HTTP load to %1, which is not this computer. Only do this to a server "
           "you are allowed to test.\n\nSend the load there? (Starting LoopLab with --allow-remote skips "
           "this question.)")
            .arg(remote.join(QStringLiteral(", "))),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return false;
    m_engine->setAllowRemote(true);
    return true;
}

bool MainWindow::openDefaultScenario()
{
    return openFile(defaultScenarioPath());
}

void MainWindow::showResult(const engine::RunResult& result)
{
    m_doc->reset(result.scenario, result.scenario.sourcePath);
    {
        const QSignalBlocker b(m_timeScale);
        m_timeScale->setValue(result.scenario.timeScale);
    }
    m_staticSnapshot = std::make_shared<metrics::Snapshot>(result.data);
    m_lastSerial = 0;
    renderFrame();
}

void MainWindow::rebuildPanels()
{
    const int current = m_tabs->currentIndex();
    m_metricsView->setModel(nullptr);
    while (m_tabs->count()) {
        QWidget* w = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete w;
    }
    m_panels.clear();
    for (const auto& lab : m_doc->scenario().labs) {
        LabPanel* panel = createLabPanel(lab);
        panel->setFrozen(m_paused);
        connect(panel, &LabPanel::parameterEditRequested, this,
            [this, id = lab.id](const QString& path, const QJsonValue& value) {
                if (auto err = m_doc->editParameter(id, path, value))
                    m_pane->showMessage(err->toString(), true);
            });
        m_panels << panel;
        const scenario::KindSpec* kind = m_catalog.find(lab.kind);
        m_tabs->addTab(panel, QStringLiteral("%1 · %2").arg(lab.id, kind ? localizedKindTitle(*kind) : lab.kind));
    }
    m_tabs->tabBar()->setVisible(m_tabs->count() > 1);
    if (current >= 0 && current < m_tabs->count())
        m_tabs->setCurrentIndex(current);
    onTabChanged();
    updateTitle();
}

LabPanel* MainWindow::currentPanel() const
{
    return qobject_cast<LabPanel*>(m_tabs->currentWidget());
}

void MainWindow::onTabChanged()
{
    LabPanel* p = currentPanel();
    m_metricsView->setModel(p ? p->metricsModel() : nullptr);
    if (p)
        m_metricsView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_lastSerial = 0; // paint the newly shown panel at the next frame
    m_statusClock.invalidate(); // and its status line
}

void MainWindow::onParameterChanged(const QString& labId, const QString& path, const QJsonValue& value)
{
    for (LabPanel* p : m_panels)
        if (p->labId() == labId)
            p->parameterChanged(path, value);
    if (m_engine && m_engine->isRunning())
        m_engine->setParameter(labId, path, value);
    else
        m_pane->showMessage(
            tr("%1.%2 = %3 (takes effect at the next start)")
                .arg(labId, path, value.isDouble() ? formatNumber(value.toDouble()) : value.toVariant().toString()));
}

void MainWindow::onTimeScaleChanged(double scale)
{
    {
        const QSignalBlocker b(m_timeScale);
        m_timeScale->setValue(scale);
    }
    if (m_engine && m_engine->isRunning()) {
        m_engine->start(m_doc->scenario());
        m_pane->showMessage(tr("time scale ×%1: the run restarted").arg(scale));
    }
}

void MainWindow::updateTitle()
{
    QString name = tr("LoopLab");
    if (m_doc->hasScenario()) {
        const QString file = m_replay ? tr("Replay: %1").arg(m_replay->fileName())
            : m_doc->path().isEmpty() ? tr("untitled")
                                      : QFileInfo(m_doc->path()).fileName();
        name = QStringLiteral("%1 — %2[*] — %3").arg(localized(m_doc->scenario().title), file, tr("LoopLab"));
    }
    setWindowTitle(name);
    setWindowModified(m_doc->isModified());
}

// ---------------------------------------------------------------------------------------------
// Saving

bool MainWindow::maybeSave()
{
    if (!m_doc->isModified())
        return true;
    const QMessageBox::StandardButton answer = m_savePrompt
        ? m_savePrompt()
        : QMessageBox::warning(this, tr("Unsaved changes"),
            tr("The scenario has unsaved parameter changes. Save them first?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::save()
{
    if (m_doc->needsSaveAs()) {
        const QString path = askSavePath(
            tr("Save scenario as"), exportBaseName() + QStringLiteral(".json"), tr("LoopLab scenarios (*.json)"));
        return !path.isEmpty() && saveAs(path);
    }
    return saveAs(m_doc->path());
}

bool MainWindow::saveAs(const QString& path)
{
    const QString err = m_doc->saveAs(path);
    if (!err.isEmpty()) {
        showError(tr("Cannot save the scenario"), err);
        return false;
    }
    addRecentFile(QFileInfo(path).absoluteFilePath());
    QFile written(path);
    m_fileWatch->watch(path, written.open(QIODevice::ReadOnly) ? written.readAll() : QByteArray());
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

QString MainWindow::askSavePath(const QString& caption, const QString& suggestedName, const QString& filter)
{
    QSettings s;
    const QString dir = s.value(QStringLiteral("files/exportDir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, caption, QDir(dir).filePath(suggestedName), filter);
    if (!path.isEmpty())
        s.setValue(QStringLiteral("files/exportDir"), QFileInfo(path).absolutePath());
    return path;
}

QString MainWindow::exportBaseName() const
{
    const QString p = m_doc->path();
    return p.isEmpty() ? QStringLiteral("looplab") : QFileInfo(p).completeBaseName();
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings s;
    QStringList files = s.value(QStringLiteral("files/recent")).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecent)
        files.removeLast();
    s.setValue(QStringLiteral("files/recent"), files);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings().value(QStringLiteral("files/recent")).toStringList();
    for (const QString& f : files) {
        QAction* a = m_recentMenu->addAction(QFileInfo(f).fileName());
        a->setToolTip(f);
        a->setEnabled(QFileInfo::exists(f));
        connect(a, &QAction::triggered, this, [this, f] {
            if (maybeSave())
                openFile(f);
        });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        connect(m_recentMenu->addAction(tr("Clear list")), &QAction::triggered, this,
            [] { QSettings().remove(QStringLiteral("files/recent")); });
    }
}

void MainWindow::fillExamplesMenu()
{
    m_examplesMenu->clear();
    const QDir dir(builtInScenarioDir());
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        QString title = name;
        QFile f(path);
        if (f.open(QIODevice::ReadOnly)) {
            const auto parsed = scenario::parseScenario(f.readAll(), path, m_catalog);
            if (const auto* sc = std::get_if<scenario::Scenario>(&parsed))
                title = QStringLiteral("%1  (%2)").arg(localized(sc->title), name);
        }
        connect(m_examplesMenu->addAction(title), &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openFile(path);
        });
    }
    if (m_examplesMenu->isEmpty())
        m_examplesMenu->addAction(tr("(no built-in scenarios)"))->setEnabled(false);
}

// ---------------------------------------------------------------------------------------------
// Running

void MainWindow::startRun()
{
    if (!m_engine || !m_doc->hasScenario() || m_replay) // the engine never runs under a replay
        return;
    m_staticSnapshot.reset();
    m_engine->start(m_doc->scenario());
    m_lastSerial = 0;
    updateRunActions();
}

void MainWindow::stopRun()
{
    if (m_replay)
        return closeReplay();
    if (m_engine)
        m_engine->stop();
}

void MainWindow::restartRun()
{
    startRun(); // a start while running restarts
}

void MainWindow::setPaused(bool paused)
{
    m_paused = paused;
    {
        const QSignalBlocker b(m_pauseAct);
        m_pauseAct->setChecked(paused);
    }
    for (LabPanel* p : m_panels)
        p->setFrozen(paused);
    m_lastSerial = 0;
    statusBar()->showMessage(
        paused ? tr("View paused: hover the charts to inspect; the run goes on (Space resumes)") : QString(),
        paused ? 0 : 1);
}

void MainWindow::updateRunActions()
{
    const bool running = m_engine && m_engine->isRunning();
    const bool have = m_doc->hasScenario() && m_engine && !m_replay;
    m_startAct->setEnabled(have && !running);
    m_stopAct->setEnabled(running || m_replay);
    m_restartAct->setEnabled(have);
    const bool result = m_engine && m_engine->lastResult() && !running && !m_replay;
    m_exportCsvAct->setEnabled(result);
    m_exportTraceAct->setEnabled(result);
}

void MainWindow::setTimeWindow(double seconds)
{
    m_windowS = std::max(1.0, seconds);
    QSettings().setValue(QStringLiteral("view/windowS"), m_windowS);
    m_lastSerial = 0;
}

compare::CompareWindow* MainWindow::openCompareWindow()
{
    // Comparisons run real labs, so they need the factory behind the catalog.
    const auto* factory = dynamic_cast<const engine::LabFactory*>(&m_catalog);
    if (!m_doc->hasScenario() || !factory)
        return nullptr;
    auto* w = new compare::CompareWindow(m_doc->scenario(), *factory, this);
    w->setAllowRemote(m_engine && m_engine->allowRemote()); // as confirmed for this scenario
    w->setAttribute(Qt::WA_DeleteOnClose);
    connect(w, &compare::CompareWindow::aboutToRun, this, [this] {
        if (m_engine && m_engine->isRunning())
            stopRun();
    });
    w->show();
    return w;
}

void MainWindow::renderFrame()
{
    const metrics::SnapshotPtr snap = shownSnapshot();
    // Once a second: the frame rate, whether or not something changed.
    if (m_fpsClock.elapsed() >= 1000) {
        m_fps = m_framesThisSecond * 1000.0 / double(m_fpsClock.restart());
        m_framesThisSecond = 0;
        m_worstFrameMs = m_worstFrameMsNow;
        m_worstFrameMsNow = 0;
        // Once a second, not per frame: a label whose text changes lays the status bar out again.
        m_fpsLabel->setText(
            tr("%1 fps · frame %2 ms").arg(QString::number(m_fps, 'f', 0), QString::number(m_worstFrameMs, 'f', 1)));
        // Room for the widest figures from the start: a label that grows relays the status bar out
        // in a later pass, and a saturated machine showed "frame 411.3 m" cut until then.
        const int widest = m_fpsLabel->fontMetrics().horizontalAdvance(
            tr("%1 fps · frame %2 ms").arg(QStringLiteral("99"), QStringLiteral("999.9")));
        if (m_fpsLabel->minimumWidth() < widest)
            m_fpsLabel->setMinimumWidth(widest);
        updateStatus(snap.get());
    }
    if (!snap || m_paused || snap->serial == m_lastSerial)
        return; // nothing new: skip, never queue
    m_lastSerial = snap->serial;
    m_lastShown = snap;
    QElapsedTimer t;
    t.start();

    // The visible window: while running, the last m_windowS seconds (or the whole planned run when
    // it is shorter); once finished, the whole run.
    const double now = double(snap->elapsedNs) * 1e-9;
    const bool live = snap->state == metrics::RunState::Running || snap->state == metrics::RunState::Starting;
    const double planned = m_doc->hasScenario() ? m_doc->scenario().durationS * m_doc->scenario().timeScale : m_windowS;
    const ViewWindow view = liveViewWindow(now, m_windowS, planned, live);
    const double fromS = view.fromS, toS = view.toS;

    if (LabPanel* p = currentPanel()) {
        PanelFrame f;
        f.snapshot = snap;
        f.lab = snap->findLab(p->labId());
        if (f.lab && f.lab->kind != p->kind())
            f.lab = nullptr;
        f.fromS = fromS;
        f.toS = toS;
        p->showFrame(f);
    }
    if (!m_statusClock.isValid() || m_statusClock.elapsed() >= 200 || snap->state != m_statusState) {
        m_statusClock.start();
        m_statusState = snap->state;
        if (LabPanel* p = currentPanel()) {
            m_labStatus->setText(p->statusLine());
            m_labStatus->setVisible(!p->statusLine().isEmpty());
        }
        updateStatus(snap.get());
    }
    // Paint and flush the frame now, inside the frame clock: what it measures is the frame as it
    // reaches the screen (the widgets' paint events and the backing store's flush to the window
    // system), not only the data handed to the widgets. Only what changed is repainted; the
    // update request Qt had posted then finds nothing left to do.
    if (isVisible()) {
        QEvent sync(QEvent::UpdateRequest);
        QCoreApplication::sendEvent(this, &sync);
    }
    ++m_framesThisSecond;
    m_lastFrameMs = double(t.nsecsElapsed()) / 1e6;
    m_worstFrameMsNow = std::max(m_worstFrameMsNow, m_lastFrameMs);
    Q_EMIT frameRendered(m_lastFrameMs);
}

void MainWindow::updateStatus(const metrics::Snapshot* snap)
{
    const bool running = m_engine && m_engine->isRunning();
    if (!snap) {
        m_stateLabel->setText(running ? tr("starting…") : tr("not started — press Start (Ctrl+R)"));
        m_clockLabel->clear();
    } else {
        m_stateLabel->setText(
            QStringLiteral("<b>%1</b>")
                .arg(m_replay ? tr("replay: %1").arg(runStateText(snap->state)) : runStateText(snap->state)));
        const double planned = m_doc->hasScenario() ? m_doc->scenario().durationS * m_doc->scenario().timeScale : 0;
        m_clockLabel->setText(
            tr("t = %1 s of %2 s")
                .arg(QString::number(double(snap->elapsedNs) * 1e-9, 'f', 1), QString::number(planned, 'g', 4)));
        m_cpuLabel->setText(tr("engine CPU %1 cores").arg(QString::number(snap->engineCpuShare, 'f', 2)));
        m_eventsLabel->setText(snap->eventsDropped
                ? tr("%1 events, %2 dropped")
                      .arg(formatNumber(double(snap->eventsRecorded)), formatNumber(double(snap->eventsDropped)))
                : tr("%1 events").arg(formatNumber(double(snap->eventsRecorded))));
    }
    m_fpsLabel->setVisible(m_engine != nullptr); // a still picture has no frame rate
}

// ---------------------------------------------------------------------------------------------
// Exports

QString MainWindow::exportPng(const QString& path, double scale)
{
    const QString err = savePng(this, path, scale);
    if (err.isEmpty())
        statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return err;
}

QString MainWindow::exportReport(const QString& path)
{
    const metrics::SnapshotPtr snap = shownSnapshot();
    if (!snap || !m_doc->hasScenario())
        return tr("Nothing to report yet: start the scenario (or open a recording) first.");
    const auto in = windowReport(m_doc->scenario(), *snap, m_tabs, [this] {
        m_lastSerial = 0;
        renderFrame();
    });
    const QString err = report::writeReportPdf(in, path);
    if (err.isEmpty())
        statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return err;
}

QString MainWindow::exportChartSvg(QWidget* chart, const QString& path)
{
    const QString err = saveSvg(chart, path, chartTitle(chart));
    if (err.isEmpty())
        statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return err;
}

void MainWindow::chooseChartAndExportSvg()
{
    LabPanel* p = currentPanel();
    if (!p || p->charts().isEmpty()) {
        showError(tr("Export chart"), tr("There is no chart to export yet."));
        return;
    }
    QStringList names;
    for (QWidget* c : p->charts())
        names << chartTitle(c);
    bool ok = false;
    const QString pick = QInputDialog::getItem(this, tr("Export chart"), tr("Chart:"), names, 0, false, &ok);
    if (!ok)
        return;
    QWidget* chart = p->charts().value(int(names.indexOf(pick)));
    QString suggested = pick.toLower();
    suggested.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("_"));
    const QString path = askSavePath(tr("Export chart"),
        exportBaseName() + QLatin1Char('_') + suggested + QStringLiteral(".svg"), tr("SVG images (*.svg)"));
    if (!path.isEmpty())
        if (const QString e = exportChartSvg(chart, path); !e.isEmpty())
            showError(tr("Export failed"), e);
}

QString MainWindow::exportCsv(const QString& path)
{
    const auto result = m_engine ? m_engine->lastResult() : nullptr;
    if (!result)
        return tr("No finished run yet: start the scenario and let it end (or Stop it) first.");
    return exporting::writeMetricsCsv(*result, path);
}

QString MainWindow::exportTrace(const QString& path)
{
    const auto result = m_engine ? m_engine->lastResult() : nullptr;
    if (!result)
        return tr("No finished run yet: start the scenario and let it end (or Stop it) first.");
    return exporting::writeTraceJson(*result, path);
}

// ---------------------------------------------------------------------------------------------
// Window

void MainWindow::onChangedOnDisk(const QString& path)
{
    if (m_reloadAsking || path != m_fileWatch->path())
        return; // one question at a time; a later change is asked about when it settles again
    const bool modified = m_doc->isModified();
    if (m_reloadPrompt) {
        answerReload(path, m_reloadPrompt(path, modified));
        return;
    }
    m_reloadAsking = true;
    const QString name = QFileInfo(path).fileName();
    const QString text = modified
        ? tr("%1 was changed on disk by another program.\n\nReload it? Your unsaved parameter changes "
             "would be lost; Keep mine leaves your version open (Save then overwrites the file).")
              .arg(name)
        : tr("%1 was changed on disk by another program.\n\nReload it? The run restarts with the new "
             "file; Keep mine leaves the current version open.")
              .arg(name);
    auto* box
        = new QMessageBox(QMessageBox::Question, tr("Scenario changed on disk"), text, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("reloadPrompt"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QAbstractButton* reload = box->addButton(tr("Reload"), QMessageBox::AcceptRole);
    box->addButton(tr("Keep mine"), QMessageBox::RejectRole);
    box->setDefaultButton(qobject_cast<QPushButton*>(reload));
    connect(box, &QMessageBox::finished, this, [this, box, reload, path] {
        m_reloadAsking = false;
        answerReload(path, box->clickedButton() == reload);
    });
    box->open(); // window-modal, not blocking: the run and the charts go on while it asks
}

void MainWindow::answerReload(const QString& path, bool reload)
{
    if (!reload) {
        statusBar()->showMessage(tr("Kept your version of %1.").arg(QFileInfo(path).fileName()), 6000);
        return;
    }
    // openFile keeps the open scenario and shows FILE:LINE:COL when the new content is broken (an
    // editor caught mid-save, a typo): nothing is lost, and the next save of the file asks again.
    openFile(path);
}

void MainWindow::showError(const QString& title, const QString& text)
{
    m_lastError = text;
    // Window-modal, not blocking: the frame timer and the engine go on; tests can read it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
}

void MainWindow::applyTheme(bool dark)
{
    Theme::setKind(dark ? Theme::Kind::Dark : Theme::Kind::Light);
    {
        const QSignalBlocker b1(m_lightAct), b2(m_darkAct);
        (dark ? m_darkAct : m_lightAct)->setChecked(true);
    }
    refreshTheme();
    if (m_persist)
        QSettings().setValue(QStringLiteral("view/dark"), dark);
}

void MainWindow::refreshTheme()
{
    if (qobject_cast<QApplication*>(QCoreApplication::instance()))
        QApplication::setPalette(Theme::current().palette());
    for (LabPanel* p : m_panels)
        p->applyTheme();
    // Charts a panel does not list for export follow the theme too.
    for (TimeSeriesChart* c : findChildren<TimeSeriesChart*>())
        c->applyTheme();
    m_lastSerial = 0;
    update();
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    // Qt delivers a switch more than once (to the widget and to its native window): relabel once.
    if (event->type() == QEvent::LanguageChange && m_language != uiLanguage())
        retranslate();
}

void MainWindow::retranslate()
{
    m_language = uiLanguage();
    // Every text this window got from tr(), wherever it was set (docks, toolbars, status bar);
    // the lab panels and the parameter editor are rebuilt below instead.
    retranslateWidgetTree(this, {m_tabs, static_cast<QWidget*>(m_pane->editor())});
    // Texts the tree walk cannot know: formatted ones, and QUndoStack's action prefixes.
    for (QAction* a : findChildren<QAction*>())
        if (const QVariant s = a->property("timeWindowS"); s.isValid())
            a->setText(tr("last %1 s").arg(s.toDouble()));
    auto replace = [this](QAction* old, QAction* replacement) {
        replacement->setShortcuts(old->shortcuts());
        for (QObject* o : old->associatedObjects())
            if (auto* w = qobject_cast<QWidget*>(o)) {
                w->insertAction(old, replacement);
                w->removeAction(old);
            }
        delete old;
        return replacement;
    };
    m_undoAct = replace(m_undoAct, m_doc->undoStack()->createUndoAction(this, tr("&Undo")));
    m_redoAct = replace(m_redoAct, m_doc->undoStack()->createRedoAction(this, tr("&Redo")));
    // The scenario's title and notes, parameter descriptions and lab titles come from the file
    // and the catalog in the new language (ui_text).
    m_pane->refresh();
    m_pane->editor()->rebuild();
    rebuildPanels();
    updateTitle();
    updateRunActions();
    // Paint the new panels with the picture the old ones showed, also while the view is paused.
    if (m_lastShown) {
        const auto keep = m_staticSnapshot;
        const bool paused = m_paused;
        m_staticSnapshot = m_lastShown;
        m_paused = false;
        for (LabPanel* p : m_panels)
            p->setFrozen(false);
        m_lastSerial = 0;
        renderFrame();
        m_paused = paused;
        m_staticSnapshot = keep;
        for (LabPanel* p : m_panels)
            p->setFrozen(paused);
        m_lastSerial = 0;
    }
    updateStatus(m_lastShown.get());
    tidyToolButtonTexts(this);
}

void MainWindow::showExamplesDialog()
{
    ExamplesDialog dlg(builtInScenarioDir(), m_catalog, this);
    if (dlg.exec() == QDialog::Accepted && !dlg.selectedPath().isEmpty() && maybeSave())
        openFile(dlg.selectedPath());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    if (m_persist) {
        QSettings s;
        s.setValue(QStringLiteral("window/geometry"), saveGeometry());
        s.setValue(QStringLiteral("window/state"), saveState());
    }
    m_frameTimer.stop();
    if (m_engine)
        m_engine->stop();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const auto urls = event->mimeData()->urls();
    const QString file = urls.isEmpty() || !urls.first().isLocalFile() ? QString() : urls.first().toLocalFile();
    if (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
        || file.endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty())
        return;
    event->acceptProposedAction();
    const QString path = urls.first().toLocalFile();
    // Open after the drop returns: a dialog inside the drop handler would block the drag source.
    QTimer::singleShot(0, this, [this, path] {
        if (maybeSave())
            openFile(path);
    });
}

} // namespace looplab::ui

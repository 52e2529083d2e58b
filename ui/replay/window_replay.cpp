// The window's side of a replay, kept out of main_window.cpp: opening a recording in place of the
// scenario, and going back to what was open before.
#include "main_window.h"
#include "replay/player.h"
#include "replay_session.h"
#include "scenario/param_editor.h"
#include "scenario/scenario_document.h"
#include "scenario/scenario_pane.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QSettings>
#include <QStatusBar>

#include <utility>

namespace looplab::ui {

metrics::SnapshotPtr MainWindow::shownSnapshot() const
{
    if (m_replay)
        return m_replay->current();
    if (m_staticSnapshot)
        return m_staticSnapshot;
    return m_engine ? m_engine->latest() : nullptr;
}

bool MainWindow::openRecording(const QString& path)
{
    // Read it first: a trace that cannot be replayed changes nothing in the window.
    QString error;
    ReplaySession* session = ReplaySession::load(path, &error, this);
    if (!session) {
        showError(tr("Cannot replay this trace"),
            tr("%1\n\n%2\n\nThe window still shows what it showed.").arg(QFileInfo(path).fileName(), error));
        return false;
    }
    if (!maybeSave()) {
        delete session;
        return false;
    }
    if (m_replay) { // one replay after another: "back" still means the scenario before the first
        session->previous = m_replay->previous;
        closeReplay(false);
    } else if (m_doc->hasScenario()) {
        session->previous = {true, m_doc->scenario(), m_doc->path()};
    }
    if (m_engine)
        m_engine->stop();
    m_replay = session;
    connect(session, &ReplaySession::closeRequested, this, [this] { closeReplay(); });
    session->showBar(this);

    // The same panels as for a live run of the recorded scenario. Untitled: Save As writes the
    // recorded scenario to a new file, and nothing ever overwrites the trace.
    m_doc->reset(session->scenario(), QString());
    {
        const QSignalBlocker b(m_timeScale);
        m_timeScale->setValue(session->scenario().timeScale);
    }
    // The parameters are what was recorded: shown, not editable, until the replay ends.
    m_pane->editor()->setEnabled(false);
    m_pane->showMessage(
        tr("The parameters the run was recorded with. Close the replay to change them and run it live."));
    m_timeScale->setEnabled(false);
    // Space plays and pauses the replay (the bar's button) instead of freezing the view.
    setPaused(false);
    m_pauseAct->setEnabled(false);
    ReplaySession::adaptPanels(m_panels);
    m_staticSnapshot.reset();
    m_lastSerial = 0;
    addRecentFile(QFileInfo(path).absoluteFilePath());
    QSettings().setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    updateRunActions();
    updateTitle();
    renderFrame();
    statusBar()->showMessage(tr("Replaying %1: the engine is stopped").arg(session->fileName()), 4000);
    session->player()->play();
    return true;
}

void MainWindow::closeReplay(bool restorePrevious)
{
    if (!m_replay)
        return;
    ReplaySession* session = std::exchange(m_replay, nullptr);
    const ReplaySession::Previous previous = session->previous;
    session->player()->pause();
    session->hideBar();
    session->deleteLater(); // we may be inside a click on its own bar
    m_pane->editor()->setEnabled(true);
    m_pane->showMessage(QString());
    m_timeScale->setEnabled(true);
    m_pauseAct->setEnabled(true);
    m_staticSnapshot.reset();
    m_lastSerial = 0;
    updateRunActions();
    updateTitle();
    if (!restorePrevious || !previous.valid) {
        rebuildPanels(); // the recorded scenario stays, ready to run live (Start), in live panels
        return;
    }
    const bool onDisk = !previous.path.isEmpty() && QFileInfo::exists(previous.path);
    if (!onDisk || !openFile(previous.path)) {
        m_doc->reset(previous.scenario, QString());
        const QSignalBlocker b(m_timeScale);
        m_timeScale->setValue(previous.scenario.timeScale);
    }
}

} // namespace looplab::ui

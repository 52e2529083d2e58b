#include "replay_session.h"

#include "charts/histogram_view.h"
#include "panels/lab_panel.h"
#include "replay/player.h"
#include "replay/recording.h"
#include "replay_bar.h"
#include "scenario/scenario_loader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QToolBar>

namespace looplab::ui {

bool isTraceFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    // No scenario is this large; a trace of a long run is. The trace loader says what it is.
    if (f.size() > scenario::kMaxFileBytes)
        return true;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    if (doc.isArray())
        return true;
    if (!doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    return o.contains(QStringLiteral("traceEvents")) || o.value(QStringLiteral("looplab")).isObject();
}

ReplaySession* ReplaySession::load(const QString& path, QString* error, QObject* parent)
{
    auto loaded = replay::loadRecording(path);
    if (auto* e = std::get_if<QString>(&loaded)) {
        if (error)
            *error = *e;
        return nullptr;
    }
    auto rec = std::make_shared<const replay::Recording>(std::get<replay::Recording>(std::move(loaded)));
    return new ReplaySession(std::move(rec), path, parent);
}

ReplaySession::ReplaySession(std::shared_ptr<const replay::Recording> recording, const QString& path, QObject* parent)
    : QObject(parent)
    , m_recording(std::move(recording))
    , m_path(path)
    , m_player(new replay::Player(m_recording, this))
{ }

ReplaySession::~ReplaySession()
{
    m_player->pause();
    delete m_toolBar.data(); // the window owns it, but it belongs to this replay only
}

const replay::Recording& ReplaySession::recording() const
{
    return *m_recording;
}

QString ReplaySession::fileName() const
{
    return QFileInfo(m_path).fileName();
}

const scenario::Scenario& ReplaySession::scenario() const
{
    return m_recording->scenario;
}

metrics::SnapshotPtr ReplaySession::current() const
{
    return m_player->current();
}

void ReplaySession::adaptPanels(const QList<LabPanel*>& panels)
{
    for (LabPanel* panel : panels)
        for (HistogramView* h : panel->findChildren<HistogramView*>())
            h->setPlaceholder(tr("the whole run's distribution appears at the end of the replay"));
}

void ReplaySession::hideBar()
{
    if (m_toolBar)
        m_toolBar->hide();
}

void ReplaySession::showBar(QMainWindow* window)
{
    if (m_toolBar)
        return;
    m_toolBar = new QToolBar(tr("Replay"), window);
    m_toolBar->setObjectName(QStringLiteral("replayToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setFloatable(false);
    // Not in the toolbar context menu: hiding it would leave a replay with no way to control it.
    m_toolBar->toggleViewAction()->setVisible(false);
    m_bar = new ReplayBar(m_player, m_path, m_toolBar);
    m_toolBar->addWidget(m_bar);
    window->addToolBar(Qt::BottomToolBarArea, m_toolBar);
    m_toolBar->show(); // made after the window was shown: not visible until told
    connect(m_bar, &ReplayBar::closeRequested, this, &ReplaySession::closeRequested);
}

} // namespace looplab::ui

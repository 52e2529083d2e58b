#pragma once
// A replay in the window: the Recording read from a trace.json, the Player that moves through it,
// and the control bar at the bottom of the window. The window asks current() for the snapshot to
// paint instead of the engine's latest, and keeps the engine stopped while a session exists.
#include "metrics/snapshot.h"
#include "scenario/scenario.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QMainWindow;
class QToolBar;

namespace looplab::replay {
class Player;
class Recording;
} // namespace looplab::replay

namespace looplab::ui {

class LabPanel;
class ReplayBar;

// Whether `path` holds a trace rather than a scenario, by content, not by name: a JSON array
// (Chrome's array format), or an object with "traceEvents" or a "looplab" object (a scenario's
// "looplab" is its format number). Unreadable or non-JSON files count as scenarios, so opening
// them reports the scenario error with FILE:LINE:COL.
bool isTraceFile(const QString& path);

class ReplaySession : public QObject
{
    Q_OBJECT
public:
    // Reads the trace at `path`. On failure returns nullptr and sets *error to the loader's
    // message ("this trace has no \"looplab\" object: it was not recorded by LoopLab").
    static ReplaySession* load(const QString& path, QString* error, QObject* parent = nullptr);
    ~ReplaySession() override;

    replay::Player* player() const { return m_player; }
    const replay::Recording& recording() const;
    QString path() const { return m_path; }
    QString fileName() const;
    // The scenario that was recorded (the panels are built for it).
    const scenario::Scenario& scenario() const;
    // What the panels paint now.
    metrics::SnapshotPtr current() const;

    // Words for what a replay cannot show yet: a trace holds each distribution for the whole run
    // only, so histograms stay empty until the end of the replay, and say so.
    static void adaptPanels(const QList<LabPanel*>& panels);

    // Puts the control bar at the bottom of `window`, like a media player's.
    void showBar(QMainWindow* window);
    void hideBar();
    ReplayBar* bar() const { return m_bar; }

    // What the window showed before the replay, restored when it ends (empty path: untitled).
    struct Previous {
        bool valid = false;
        scenario::Scenario scenario;
        QString path;
    };
    Previous previous;

Q_SIGNALS:
    void closeRequested();

private:
    ReplaySession(std::shared_ptr<const replay::Recording> recording, const QString& path, QObject* parent);

    std::shared_ptr<const replay::Recording> m_recording;
    QString m_path;
    replay::Player* m_player;
    QPointer<QToolBar> m_toolBar; // owned by the window; removed with the session
    ReplayBar* m_bar = nullptr;
};

} // namespace looplab::ui

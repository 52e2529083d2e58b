#pragma once
// Plays a Recording back on a QTimer: play/pause, step by frames, seek, speed 0.25–8×. Emits a
// new Snapshot whenever the position changes; the window connects snapshotChanged() to what
// it shows for a live run. No widgets: the controls are the window's.
#include "recording.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace looplab::replay {

class Player : public QObject
{
    Q_OBJECT
public:
    static constexpr double kMinSpeed = 0.25;
    static constexpr double kMaxSpeed = 8.0;
    static constexpr int kFrameIntervalMs = 33; // ~30 frames per second of playback

    explicit Player(std::shared_ptr<const Recording> recording, QObject* parent = nullptr);

    const Recording& recording() const { return *m_recording; }
    std::shared_ptr<const Recording> recordingPtr() const { return m_recording; }

    int64_t positionNs() const { return m_positionNs; }
    int64_t durationNs() const { return m_recording->durationNs(); }
    double speed() const { return m_speed; }
    bool isPlaying() const { return m_timer.isActive(); }
    // How much recorded time one step() moves: one frame of playback at the current speed
    // (kFrameIntervalMs × speed), unless set explicitly with setStepNs(ns > 0).
    int64_t stepNs() const;
    void setStepNs(int64_t ns) { m_stepNs = ns; }
    // Snapshots show the last windowNs of the run (0: everything from the start).
    int64_t windowNs() const { return m_windowNs; }
    void setWindowNs(int64_t ns);

    // The snapshot at the current position (built on demand; also what snapshotChanged carried).
    metrics::SnapshotPtr current() const { return m_current; }

public Q_SLOTS:
    void play(); // from the start again when at the end
    void pause();
    void togglePlay();
    void step(int frames = 1); // pauses; negative goes back
    void seek(qint64 tNs); // clamped to [0, duration]
    void setSpeed(double speed); // clamped to [0.25, 8]

Q_SIGNALS:
    void snapshotChanged(looplab::metrics::SnapshotPtr snapshot);
    void positionChanged(qint64 tNs);
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void finished(); // playback reached the end

private:
    void tick();
    void moveTo(int64_t tNs);

    std::shared_ptr<const Recording> m_recording;
    QTimer m_timer;
    QElapsedTimer m_wall; // wall time since the last tick
    int64_t m_positionNs = 0;
    int64_t m_windowNs = 0;
    int64_t m_stepNs = 0;
    double m_speed = 1.0;
    metrics::SnapshotPtr m_current;
};

} // namespace looplab::replay

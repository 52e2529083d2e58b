#pragma once
// The replay control bar the window shows while it plays a recording back: play/pause, a frame
// back/forward, a scrub slider with "12.3 s / 30.0 s", the speed (0.25×–8×), which file is being
// replayed, and a button that ends the replay. It only drives a replay::Player; what the panels
// show comes from the Player's snapshots.
#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace looplab::replay {
class Player;
}

namespace looplab::ui {

class ReplayBar : public QWidget
{
    Q_OBJECT
public:
    ReplayBar(replay::Player* player, const QString& path, QWidget* parent = nullptr);

    // "12.3 s / 30.0 s" (what the time label shows; tests read it).
    QString timeText() const;
    QSlider* slider() const { return m_slider; }
    QComboBox* speedBox() const { return m_speed; }
    QToolButton* playButton() const { return m_play; }

    // Run time as the slider's integer position: milliseconds fit an int for 24 days of run.
    static int toSliderValue(qint64 ns) { return int(ns / 1'000'000); }

Q_SIGNALS:
    void closeRequested(); // "Close replay": back to the scenario that was open before

private:
    void showPosition(qint64 tNs);
    void showPlaying(bool playing);

    replay::Player* m_player;
    QToolButton* m_play;
    QToolButton* m_back;
    QToolButton* m_forward;
    QSlider* m_slider;
    QLabel* m_time;
    QComboBox* m_speed;
    QLabel* m_file;
    QToolButton* m_close;
};

} // namespace looplab::ui

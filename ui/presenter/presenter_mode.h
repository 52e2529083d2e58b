#pragma once
// Presenter mode (issue 8): a lesson on a projector. Entering it goes full screen, hides the
// chrome (menu bar, toolbars, status bar, docks), switches to the high-contrast theme with large
// fonts and thick lines; leaving it (the same shortcut, Esc, or F11) restores the window exactly
// as it was: theme, fonts, window state and the docks' layout.
//
// It also owns the keys a presenter uses with the menus hidden (+ and − step the time scale);
// Space and R are the window's own Pause and Restart actions, made to work without a menu bar.
#include "theme.h"

#include <QByteArray>
#include <QFont>
#include <QObject>

class QAction;
class QLabel;
class QMainWindow;

namespace looplab::ui {

class MainWindow;

class PresenterMode : public QObject
{
    Q_OBJECT
public:
    static constexpr double kFontScale = 1.6;
    static constexpr double kLineScale = 1.75; // 2 px series pens become 3.5 px

    // + and − step the window's time-scale spin box (object name "timeScale").
    explicit PresenterMode(MainWindow* window);
    // The theme and the application font are process-wide: put them back if the window goes
    // while presenting.
    ~PresenterMode() override;

    QAction* toggleAction() const { return m_toggle; } // View → Presenter mode (Ctrl+Shift+P)
    QAction* fullScreenAction() const { return m_full; } // View → Full screen (F11)
    QAction* slowerAction() const { return m_slower; } // Run → Slower (+): time scale up
    QAction* fasterAction() const { return m_faster; } // Run → Faster (−): time scale down

    bool isActive() const { return m_active; }
    void setActive(bool on);
    void setFullScreen(bool on);

    // The next time scale up or down from `current` on the 1-2-5 ladder (0.1 … 1000).
    static double nextTimeScale(double current, int direction);

Q_SIGNALS:
    void activeChanged(bool active);

private:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void stepTimeScale(int direction);
    void showHint();

    MainWindow* m_window;
    QAction* m_toggle;
    QAction* m_full;
    QAction* m_exit;
    QAction* m_slower;
    QAction* m_faster;
    QLabel* m_hint = nullptr;
    bool m_active = false;

    // What presenter mode changed, to put back on leaving.
    struct Saved {
        Qt::WindowStates windowState;
        QByteArray dockState;
        QByteArray geometry;
        bool menuBar = true;
        bool statusBar = true;
        Theme::Kind kind = Theme::Kind::Light;
        double fontScale = 1;
        double lineScale = 1;
        QFont appFont;
    } m_saved;
};

} // namespace looplab::ui

#pragma once
// Repaints a widget at most every `intervalMs`, never leaving its last value unpainted: a
// distribution or a "now" number read by the class does not need 30 frames a second, and each
// repaint of one costs the GUI thread 0.05–0.3 ms of a frame (issue 18: the GUI thread's CPU
// under saturation). The first request repaints at once; a request inside the interval schedules
// one repaint at its end.
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

namespace looplab::ui {

class RefreshThrottle
{
public:
    RefreshThrottle(QWidget* widget, int intervalMs)
        : m_widget(widget)
        , m_intervalMs(intervalMs)
    {
        m_timer.setSingleShot(true);
        m_timer.callOnTimeout(widget, [this] { repaintNow(); });
    }

    void request()
    {
        if (!m_since.isValid() || m_since.elapsed() >= m_intervalMs)
            repaintNow();
        else if (!m_timer.isActive())
            m_timer.start(int(m_intervalMs - m_since.elapsed()));
    }

private:
    void repaintNow()
    {
        m_timer.stop();
        m_since.start();
        m_widget->update();
    }

    QWidget* m_widget;
    int m_intervalMs;
    QElapsedTimer m_since;
    QTimer m_timer;
};

} // namespace looplab::ui

#include "startup_probe.h"

#include <QApplication>
#include <QEvent>
#include <QFile>
#include <QMainWindow>
#include <QTextStream>
#include <QTimer>
#include <QWidget>

#include <ctime>
#include <unistd.h>

namespace looplab::app {

namespace {

// Milliseconds since the kernel started this process: /proc/self/stat's field 22 (start time in
// clock ticks after boot) against CLOCK_BOOTTIME, the same clock. Covers exec, the dynamic loader
// and static initialisers, which a timer started in main() would miss. Resolution: one tick (10 ms).
double msSinceProcessStart()
{
    QFile f(QStringLiteral("/proc/self/stat"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // Fields after the command name (which may hold spaces) start at field 3.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startS = fields[19].toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (double(now.tv_sec) + double(now.tv_nsec) * 1e-9 - startS) * 1e3;
}

class FirstFrameProbe : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (m_seen || event->type() != QEvent::Paint || !watched->isWidgetType()
            || !qobject_cast<QMainWindow*>(static_cast<QWidget*>(watched)->window()))
            return false;
        m_seen = true;
        // The paint pass of that frame runs to its end (and is flushed) before a 0 ms timer fires.
        QTimer::singleShot(0, this, [] {
            QTextStream(stdout) << "first frame after " << qRound(msSinceProcessStart()) << " ms" << Qt::endl;
            // quit() does nothing outside exec(): keep asking until the main loop runs.
            auto* quit = new QTimer(qApp);
            QObject::connect(quit, &QTimer::timeout, qApp, &QCoreApplication::quit);
            quit->start(20);
            QCoreApplication::quit();
        });
        return false;
    }

private:
    bool m_seen = false;
};

} // namespace

void installStartupProbe()
{
    if (qEnvironmentVariableIsEmpty("LOOPLAB_MEASURE_STARTUP") || !qApp)
        return;
    qApp->installEventFilter(new FirstFrameProbe(qApp));
}

} // namespace looplab::app

// Frames under saturation (issue 18): the real window, on a real X server (run it under Xvfb:
// bench_ui_saturated.sh does), with the real engine running saturated.json — an event loop lab
// beside two CPU-bound worker processes, so both cores are busy. Each lab's panel is shown in
// turn and measured for --seconds:
//   - frame time: the window's own frame clock (MainWindow::frameRendered), which times the data
//     handed to the panel plus the paint and the flush of the backing store to the X server,
//   - the interval between frames (a gap is a frame the class did not see),
//   - the GUI thread's CPU (CLOCK_THREAD_CPUTIME_ID) as a share of one core,
//   - the engine: events dropped, and its clock against the wall clock (drift).
// Each panel's picture is grabbed from the X server (what is on the screen) into --screenshot
// (the first panel's) and FILE-N (panel N's).
// Prints RESULT lines (key value) that bench_ui_saturated.sh gathers, and a summary.
//
//   ui_saturated_window [--scenario FILE] [--seconds S] [--warmup-s S] [--screenshot FILE.png]
#include "catalog/catalog.h"
#include "engine/engine.h"
#include "main_window.h"
#include "scenario/scenario_document.h"
#include "scenario/scenario_loader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPixmap>
#include <QScreen>
#include <QTabWidget>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

using namespace looplab;

namespace {

double threadCpuS()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    const size_t i = std::min(v.size() - 1, size_t(q * double(v.size())));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(i), v.end());
    return v[i];
}

void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// --paint-profile: CPU time of each widget class's paint events (with its children's, as Qt
// nests them), printed per panel: where the GUI thread's frame goes.
class ProfilingApp : public QApplication
{
public:
    using QApplication::QApplication;
    bool profile = false;
    std::map<std::string, std::pair<double, long>> paintMs;
    bool notify(QObject* receiver, QEvent* event) override
    {
        if (!profile || event->type() != QEvent::Paint)
            return QApplication::notify(receiver, event);
        const double c0 = threadCpuS();
        const bool r = QApplication::notify(receiver, event);
        // A plain QWidget is mostly a scroll area's viewport (a chart view, a table): named by its parent.
        std::string name = receiver->metaObject()->className();
        if (name == "QWidget" && receiver->parent())
            name = std::string(receiver->parent()->metaObject()->className()) + " > QWidget";
        auto& slot = paintMs[name];
        slot.first += (threadCpuS() - c0) * 1e3;
        ++slot.second;
        return r;
    }
};

} // namespace

int main(int argc, char** argv)
{
    ProfilingApp app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabBench"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"), QStringLiteral("Scenario file."),
        QStringLiteral("FILE"), QStringLiteral(LOOPLAB_SOURCE_DIR "/tests/benchmarks/ui/saturated.json"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Measured seconds per panel."),
        QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption warmupOpt(QStringLiteral("warmup-s"),
        QStringLiteral("Seconds before the first measurement."), QStringLiteral("S"), QStringLiteral("30"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
        QStringLiteral("Grab the screen at the end of each panel (panel N > 0 into FILE-N)."), QStringLiteral("FILE"));
    const QCommandLineOption profileOpt(QStringLiteral("paint-profile"),
        QStringLiteral("Print the CPU time of each widget class's paint events per panel."));
    parser.addOptions({scenarioOpt, secondsOpt, warmupOpt, shotOpt, profileOpt});
    parser.process(app);
    const double seconds = parser.value(secondsOpt).toDouble();
    const double warmupS = parser.value(warmupOpt).toDouble();

    const auto& catalog = labCatalog();
    auto loaded = scenario::loadScenarioFile(parser.value(scenarioOpt), catalog);
    if (auto* e = std::get_if<scenario::ScenarioError>(&loaded)) {
        std::fprintf(stderr, "%s\n", qPrintable(e->toString()));
        return 2;
    }

    engine::Engine engine(catalog);
    ui::MainWindow window(&engine, catalog, false);
    window.resize(1600, 900);
    window.setAutoStart(false);
    if (!window.openFile(parser.value(scenarioOpt)))
        return 2;
    window.show();
    auto* tabs = window.findChild<QTabWidget*>();
    if (!tabs || tabs->count() == 0) {
        std::fprintf(stderr, "no panels\n");
        return 2;
    }

    bool measuring = false;
    std::vector<double> frames, gaps;
    QElapsedTimer sinceLast;
    QObject::connect(&window, &ui::MainWindow::frameRendered, &window, [&](double ms) {
        if (measuring) {
            frames.push_back(ms);
            if (sinceLast.isValid())
                gaps.push_back(double(sinceLast.nsecsElapsed()) / 1e6);
        }
        sinceLast.start();
    });
    bool failed = false;
    QObject::connect(&engine, &engine::Engine::failed, &app, [&](const QString& message) {
        std::fprintf(stderr, "the run failed: %s\n", qPrintable(message));
        failed = true;
    });

    engine.start(window.document()->scenario());
    waitMs(int(warmupS * 1000));
    errno = 0;
    const int guiNice = getpriority(PRIO_PROCESS, 0);
    std::printf("GUI thread nice %d; LOOPLAB_GUI_PRIORITY=%s\n", guiNice,
        qEnvironmentVariableIsSet("LOOPLAB_GUI_PRIORITY") ? qPrintable(qEnvironmentVariable("LOOPLAB_GUI_PRIORITY"))
                                                          : "(unset: on)");

    double worstP99 = 0, worstP50 = 0, worstCpu = 0, worstGap = 0;
    for (int tab = 0; tab < tabs->count() && !failed; ++tab) {
        tabs->setCurrentIndex(tab);
        waitMs(1000); // the new panel's first frames build its caches
        const auto s0 = engine.latest();
        QElapsedTimer wall;
        wall.start();
        frames.clear();
        gaps.clear();
        sinceLast.invalidate();
        app.paintMs.clear();
        app.profile = parser.isSet(profileOpt);
        const double c0 = threadCpuS();
        measuring = true;
        waitMs(int(seconds * 1000));
        measuring = false;
        app.profile = false;
        const double cpu = threadCpuS() - c0;
        for (const auto& [cls, v] : app.paintMs)
            std::printf("  paint %-32s %8.1f ms CPU in %5ld events (%.2f ms each)\n", cls.c_str(), v.first, v.second,
                v.first / double(std::max(1L, v.second)));
        const double wallS = double(wall.nsecsElapsed()) * 1e-9;
        const auto s1 = engine.latest();
        const double p50 = percentile(frames, 0.5), p99 = percentile(frames, 0.99);
        const double gapP99 = percentile(gaps, 0.99),
                     gapMax = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
        const double cpuPct = 100.0 * cpu / wallS;
        const double fps = double(frames.size()) / wallS;
        const double serials = s0 && s1 ? double(s1->serial - s0->serial) / wallS : 0;
        const double driftMs = s0 && s1 ? (double(s1->elapsedNs - s0->elapsedNs) * 1e-6 - wallS * 1e3) : 0;
        const unsigned long long dropped = s1 ? (unsigned long long)s1->eventsDropped : 0;
        const QString name = tabs->tabText(tab).remove(QLatin1Char('&'));
        // Recorded because the machine may change it from outside (a shared build box renices).
        errno = 0;
        std::printf("GUI thread nice at the end of this panel: %d\n", getpriority(PRIO_PROCESS, 0));
        std::printf("panel %-28s %5zu frames %5.1f fps (engine published %5.1f/s)  frame p50 %6.2f ms p99 %6.2f ms max "
                    "%6.2f ms  "
                    "interval p99 %6.1f ms max %6.1f ms  GUI thread %5.1f %% of a core  engine clock drift %+.0f ms "
                    "over %.1f s  "
                    "events dropped %llu\n",
            qPrintable(name), frames.size(), fps, serials, p50, p99,
            frames.empty() ? 0 : *std::max_element(frames.begin(), frames.end()), gapP99, gapMax, cpuPct, driftMs,
            wallS, dropped);
        std::printf("RESULT panel%d_p50_ms %.3f\nRESULT panel%d_p99_ms %.3f\nRESULT panel%d_cpu_pct %.3f\nRESULT "
                    "panel%d_gap_p99_ms %.3f\n"
                    "RESULT panel%d_fps %.2f\nRESULT panel%d_drift_ms %.1f\nRESULT panel%d_dropped %llu\n",
            tab, p50, tab, p99, tab, cpuPct, tab, gapP99, tab, fps, tab, driftMs, tab, dropped);
        std::fflush(stdout);
        worstP50 = std::max(worstP50, p50);
        worstP99 = std::max(worstP99, p99);
        worstCpu = std::max(worstCpu, cpuPct);
        worstGap = std::max(worstGap, gapP99);
        if (parser.isSet(shotOpt)) {
            // What the X server shows, not a fresh render of the widgets. Every panel: the first
            // into FILE, panel N into FILE-N (the pool panel's Gantt and charts are checked too).
            QString file = parser.value(shotOpt);
            if (tab > 0) {
                const qsizetype dot = file.lastIndexOf(QLatin1Char('.'));
                file.insert(
                    dot > file.lastIndexOf(QLatin1Char('/')) ? dot : file.size(), QStringLiteral("-%1").arg(tab));
            }
            const QPixmap shot = window.screen()->grabWindow(window.winId());
            if (!shot.save(file))
                std::fprintf(stderr, "could not write %s\n", qPrintable(file));
        }
    }
    std::printf(
        "RESULT worst_p50_ms %.3f\nRESULT worst_p99_ms %.3f\nRESULT worst_cpu_pct %.3f\nRESULT worst_gap_p99_ms %.3f\n",
        worstP50, worstP99, worstCpu, worstGap);
    double load[3] = {};
    if (getloadavg(load, 3) == 3)
        std::printf("RESULT load1 %.2f\n", load[0]);
    std::fflush(stdout);
    engine.stop();
    return failed ? 1 : 0;
}

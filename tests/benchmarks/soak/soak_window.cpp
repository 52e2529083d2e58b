// make soak (issue 9): the busiest scenario for a long time in the real window (offscreen), with
// the real engine and labs. Prints and checks what must not drift with run length:
//   - RSS after warm-up grows by at most 5 MB (sampled every 10 s from /proc/self/statm),
//   - no event is lost without being counted: events produced = collected + counted drops,
//   - frame time p99 stays within its goal (16 ms): each frame is the window's own renderFrame()
//     (the snapshot handed to the visible panel) plus a synchronous repaint of the whole window,
//     which is more than a real frame repaints, so the figure is an upper bound.
// Every minute the visible tab moves to the next lab, so each panel is painted during the run.
//
//   soak_window [--minutes N] [--scenario FILE] [--warmup-s S]
// Warm-up (default 3 min, at most half the run): until the collector's fixed-size windows are
// full — 120 s of span detail, 4096 bins per series — memory rightly grows; after that it must not.
// Exit 0 when every goal holds, 1 when one does not, 2 on a usage or scenario error.
#include "catalog/catalog.h"
#include "engine/engine.h"
#include "main_window.h"
#include "panels/lab_panel.h"
#include "scenario/scenario_document.h"
#include "scenario/scenario_loader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <unistd.h>
#include <vector>

using namespace looplab;

namespace {

constexpr double kRssGrowthGoalMb = 5;
constexpr double kFrameP99GoalMs = 16;

double rssMb()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const auto parts = f.readAll().split(' ');
    return parts.size() > 1 ? double(parts[1].toLongLong()) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0) : 0;
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    const size_t i = std::min(v.size() - 1, size_t(q * double(v.size())));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(i), v.end());
    return v[i];
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        qputenv("XDG_RUNTIME_DIR", QByteArray("/tmp/runtime-") + QByteArray::number(getuid()));
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabSoak"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption minutesOpt(
        QStringLiteral("minutes"), QStringLiteral("Run length."), QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"), QStringLiteral("Scenario file."),
        QStringLiteral("FILE"), QStringLiteral(LOOPLAB_SOURCE_DIR "/tests/benchmarks/soak/soak_busiest.json"));
    const QCommandLineOption warmupOpt(QStringLiteral("warmup-s"), QStringLiteral("Warm-up before the RSS baseline."),
        QStringLiteral("S"), QStringLiteral("180"));
    parser.addOptions({minutesOpt, scenarioOpt, warmupOpt});
    parser.process(app);
    const double minutes = parser.value(minutesOpt).toDouble();
    const double warmupS = std::min(parser.value(warmupOpt).toDouble(), minutes * 60 / 2);
    if (minutes <= 0) {
        std::fprintf(stderr, "soak: --minutes must be > 0\n");
        return 2;
    }

    const auto& catalog = labCatalog();
    auto loaded = scenario::loadScenarioFile(parser.value(scenarioOpt), catalog);
    if (auto* e = std::get_if<scenario::ScenarioError>(&loaded)) {
        std::fprintf(stderr, "%s\n", qPrintable(e->toString()));
        return 2;
    }

    engine::Engine engine(catalog);
    ui::MainWindow window(&engine, catalog, false);
    window.resize(1600, 900);
    window.show();
    window.setAutoStart(false);
    if (!window.openFile(parser.value(scenarioOpt)))
        return 2;

    std::vector<double> frames; // whole run (ms)
    std::vector<double> minuteFrames; // the current minute, for the progress line
    frames.reserve(size_t(minutes * 60 * 60));
    QObject::connect(&window, &ui::MainWindow::frameRendered, &window, [&](double showMs) {
        QElapsedTimer t;
        t.start();
        window.repaint();
        const double ms = showMs + double(t.nsecsElapsed()) / 1e6;
        frames.push_back(ms);
        minuteFrames.push_back(ms);
    });

    QElapsedTimer clock;
    clock.start();
    double baselineMb = -1, peakMb = 0;
    QTimer rssTimer;
    QObject::connect(&rssTimer, &QTimer::timeout, [&] {
        const double mb = rssMb();
        if (baselineMb < 0 && clock.elapsed() >= warmupS * 1000) {
            baselineMb = mb;
            std::printf("RSS after %.0f s warm-up: %.1f MB\n", warmupS, mb);
        }
        if (baselineMb >= 0)
            peakMb = std::max(peakMb, mb);
    });
    rssTimer.start(10'000);

    int minute = 0;
    QTimer minuteTimer;
    QObject::connect(&minuteTimer, &QTimer::timeout, [&] {
        ++minute;
        const auto snap = engine.latest();
        // Heap in use (malloc's count of live bytes) beside RSS: when RSS grows and this does not,
        // the growth is free memory malloc keeps (fragmentation, per-thread arenas), not data.
        const struct mallinfo2 mi = mallinfo2();
        std::printf("%3d min: RSS %.1f MB (heap in use %.1f MB, free in heap %.1f MB, mmapped %.1f MB), frames %zu, "
                    "frame p99 %.1f ms, "
                    "events recorded %llu dropped %llu\n",
            minute, rssMb(), double(mi.uordblks) / 1048576.0, double(mi.fordblks) / 1048576.0,
            double(mi.hblkhd) / 1048576.0, minuteFrames.size(), percentile(minuteFrames, 0.99),
            snap ? (unsigned long long)snap->eventsRecorded : 0ULL,
            snap ? (unsigned long long)snap->eventsDropped : 0ULL);
        std::fflush(stdout);
        minuteFrames.clear();
        if (auto* tabs = window.findChild<QTabWidget*>(); tabs && tabs->count() > 1)
            tabs->setCurrentIndex((tabs->currentIndex() + 1) % tabs->count());
    });
    minuteTimer.start(60'000);

    QObject::connect(&engine, &engine::Engine::finished, &app, &QApplication::quit);
    QObject::connect(&engine, &engine::Engine::failed, &app, [&](const QString& message) {
        std::fprintf(stderr, "soak: the run failed: %s\n", qPrintable(message));
        app.exit(1);
    });
    std::printf("soak: %s for %.0f min, window 1600x900 offscreen\n", qPrintable(parser.value(scenarioOpt)), minutes);
    std::fflush(stdout);
    engine.start(window.document()->scenario(), minutes * 60);
    const int rc = app.exec();
    if (rc != 0)
        return rc;

    const auto result = engine.lastResult();
    if (!result) {
        std::fprintf(stderr, "soak: no result\n");
        return 1;
    }
    const auto& d = result->data;
    const double growth = baselineMb < 0 ? 0 : peakMb - baselineMb;
    const double p50 = percentile(frames, 0.50), p99 = percentile(frames, 0.99);
    const unsigned long long produced = d.eventsRecorded + d.eventsDropped;
    const bool accounted = d.eventsCollected + d.eventsDropped == produced;
    std::printf("\nsoak summary (%.1f min, %zu frames)\n", result->wallS / 60, frames.size());
    std::printf("  RSS: %.1f MB after warm-up, peak %.1f MB later: growth %.1f MB (goal <= %.0f MB)  %s\n", baselineMb,
        peakMb, growth, kRssGrowthGoalMb, growth <= kRssGrowthGoalMb ? "ok" : "FAIL");
    std::printf("  events: produced %llu = collected %llu + dropped (counted) %llu  %s\n", produced,
        (unsigned long long)d.eventsCollected, (unsigned long long)d.eventsDropped, accounted ? "ok" : "FAIL");
    std::printf("  frame time (renderFrame + full repaint): p50 %.1f ms, p99 %.1f ms (goal <= %.0f ms)  %s\n", p50, p99,
        kFrameP99GoalMs, p99 <= kFrameP99GoalMs ? "ok" : "FAIL");
    double load[3] = {};
    if (getloadavg(load, 3) == 3)
        std::printf(
            "  load average at the end: %.2f %.2f %.2f (2 cores; other work on the machine inflates frame times)\n",
            load[0], load[1], load[2]);
    return growth <= kRssGrowthGoalMb && accounted && p99 <= kFrameP99GoalMs ? 0 : 1;
}

#pragma once
// The pool lesson's panel (issue 4): a Gantt of the workers, the GIL and the probe, zoomed in far
// enough (a few hundred ms) that CPython's 5 ms GIL slices are seen hopping from thread to thread;
// CPU per worker and in total (under the GIL the total sticks at one core, 100 % ÷ workers);
// throughput and speedup against 1 and min(cores, workers); the probe's latency against twice the
// switch interval (the convoy effect); the IPC cost (processes) or task latency distribution.
#include "charts/painted_chart.h"
#include "charts/time_series_chart.h"
#include "lab_panel.h"

#include <QColor>
#include <QImage>
#include <QStringList>

#include <algorithm>
#include <vector>

class QSplitter;

namespace looplab::ui {

class GaugeBar;
class HistogramView;

// The lab's configuration as the panel needs it (LabConfig::params, defaults filled in).
struct PoolViewConfig {
    bool processes = false;
    int workers = 4;
    QString gil = QStringLiteral("cpython"); // cpython | free_threaded | native
    QString task = QStringLiteral("cpu"); // cpu | io | mixed
    double taskMs = 20;
    double ioShare = 0.5;
    double switchIntervalMs = 5;
    double probeEveryMs = 0;
    bool spawnPerTask = false;
    QString lock = QStringLiteral("none"); // the lock-granularity lesson
    QString sync = QStringLiteral("none"); // rlock | event | condition | semaphore | deadlock
    int semaphoreValue = 3;
    int cores = 1; // QThread::idealThreadCount()
    double timeScale = 1;

    bool usesGil() const { return !processes && gil == QLatin1String("cpython"); }
    bool hasProbe() const { return probeEveryMs > 0; }
    // Threads that wait for a lock or another threading primitive (drawn as blocked).
    bool waitsOnPrimitives() const
    {
        return !processes && (lock != QLatin1String("none") || sync != QLatin1String("none"));
    }
    // How many tasks can work at once: the workers, or fewer when a primitive lets fewer in.
    int concurrentTasks() const;
    // The speedup the machine allows: CPU-bound work is capped by the cores, waiting is not.
    double cpuBoundLimit() const { return double(std::min(cores, workers)); }

    static PoolViewConfig from(const scenario::LabConfig& config);
};

// One colour per worker (and one for the probe), the same in the GIL lane, in the lane labels
// and in the CPU chart, so "who holds the GIL" reads at a glance.
QColor poolWorkerColor(int index, int workers);

// Worker lanes, the GIL-holder lane and the probe lane on one time axis. The visible window is
// this chart's own (default 300 ms, following the live edge of the run); the wheel zooms, a drag
// pans, a double-click goes back to following, and the strip under the axis shows the whole
// panel window with the zoomed part framed (a click there moves the zoom).
class PoolGantt : public PaintedChart
{
    Q_OBJECT
public:
    explicit PoolGantt(const QString& title, QWidget* parent = nullptr);

    void setConfig(const PoolViewConfig& config);
    // nowS: run time of the snapshot; [fromS, toS]: the panel's window (the overview strip).
    void setFrame(metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab, double nowS, double fromS, double toS);
    void setFrozen(bool frozen) { m_frozen = frozen; }

    // Length of the zoomed window in seconds (clamped to 5 ms … 600 s).
    void setWindowLength(double seconds);
    double windowLength() const { return m_spanS; }
    bool isFollowing() const { return m_follow; }
    void followLive();
    // The window painted last (tests).
    double viewFromS() const { return m_viewFrom; }
    double viewToS() const { return m_viewTo; }
    int lastRectCount() const { return m_rects; }
    // false: the overview strip is painted whole on every paint, as before it kept its lanes
    // (tests compare both pictures).
    void setOverviewKept(bool on)
    {
        m_overviewKept = on;
        m_ovLayer = OverviewLayer{};
        update();
    }
    // Height that shows every lane at full size (the panel's first splitter layout).
    int preferredHeight() const;

    QSize sizeHint() const override { return {900, 360}; }
    QSize minimumSizeHint() const override { return {420, 220}; }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void paintHeader(QPainter& p, const QRect& area) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    enum class RowKind { Header, Worker, Gil, Probe, Lock };
    struct Row {
        RowKind kind;
        const metrics::LaneData* lane = nullptr;
        int index = 0; // worker index
        QString text;
    };
    void buildRows();
    double activityEndS() const;
    void computeView();
    // Paints the lane's spans within [fromS, toS] into `box`; returns rectangles drawn. Spans that
    // ended before `sinceNs` are skipped (their columns are kept by the caller).
    int paintSpans(QPainter& p, const metrics::LaneData& lane, const QRect& box, double fromS, double toS,
        bool byHolder, double sinceNs = 0);
    // The overview's lanes, from the kept layer where it holds.
    void paintOverviewLanes(QPainter& p, const QRect& box, const std::vector<const Row*>& lanes, int rowH);
    QColor keyColor(int key, bool byHolder) const;
    void paintShares(QPainter& p, const metrics::LaneData& lane, const QRect& box, bool gil);
    void paintOverview(QPainter& p, const QRect& box);
    QString stateText(metrics::LaneState s) const;
    double timeAtX(int x) const;

    PoolViewConfig m_cfg;
    metrics::SnapshotPtr m_keep;
    const metrics::LabSnapshot* m_lab = nullptr;
    std::vector<Row> m_rows;
    double m_nowS = 0, m_fromS = 0, m_toS = 10;
    double m_spanS = 0.3;
    double m_endS = 0.3; // manual window end (when not following)
    bool m_follow = true;
    bool m_frozen = false;
    double m_viewFrom = 0, m_viewTo = 0.3;
    int m_rects = 0;
    std::vector<double> m_acc; // per-column accumulator, reused

    // The overview strip's lanes as last painted. The strip shows the panel's whole window,
    // which stays put for seconds at a time while spans arrive only at the right of each lane:
    // columns left of every lane's newest span are final, and each paint redraws only the
    // columns from there on (redrawing the whole window's spans every frame was the costliest
    // part of the Gantt under saturation, issue 18). The model is TickStrip's bar layer.
    struct OverviewLayer {
        QImage image;
        double fromNs = 0, toNs = 0;
        std::vector<QString> names; // the lanes, top to bottom
        int rowH = 0;
        std::vector<QRgb> colours; // idle, then each state's
        int doneX = 0; // columns [0, doneX) are final
        double doneNs = 0; // the run time at column doneX
        // Per lane: the first span painted, and the last that ended before doneNs. When either is
        // not there any more (spans dropped inside the window, a restart), the strip is redrawn.
        std::vector<std::pair<int64_t, int64_t>> first, anchor;
    } m_ovLayer;
    bool m_overviewKept = true;
    bool overviewContinues(const std::vector<const Row*>& lanes) const;

    // Geometry of the last paint, for the mouse.
    QRect m_plot;
    QRect m_overview;
    std::vector<std::pair<int, const Row*>> m_rowY;
    int m_laneH = 0;
    bool m_dragging = false;
    bool m_dragOverview = false;
    int m_dragX = 0;
    double m_dragEnd = 0;
};

// A time-series chart with several labelled horizontal reference lines ("1 ×", "2 cores").
class ReferenceChart : public TimeSeriesChart
{
    Q_OBJECT
public:
    struct Reference {
        double y;
        QString label;
        QColor color;
    };
    ReferenceChart(const QString& title, const QString& yTitle, QWidget* parent = nullptr);
    // The y axis is kept tall enough to show every line.
    void setReferences(std::vector<Reference> refs, double minYMax = 0);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    std::vector<Reference> m_refs;
};

class PoolPanel : public LabPanel
{
    Q_OBJECT
public:
    explicit PoolPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    void showFrame(const PanelFrame& frame) override;
    void setFrozen(bool frozen) override;
    QList<QWidget*> charts() const override;
    void parameterChanged(const QString& path, const QJsonValue& value) override;
    void applyTheme() override;

    PoolGantt* gantt() const { return m_gantt; }
    TimeSeriesChart* cpuChart() const { return m_cpu; }
    TimeSeriesChart* speedupChart() const { return m_speedup; }
    TimeSeriesChart* throughputChart() const { return m_throughput; }
    TimeSeriesChart* probeChart() const { return m_probe; }
    HistogramView* histogram() const { return m_hist; }
    TimeSeriesChart* memoryChart() const { return m_rss; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyConfig();
    // Shows as many headline numbers as fit, most important first.
    void fitGauges();
    // Splitter proportions for the Gantt's lanes (first real size, and after a worker change).
    void applySizes();

    PoolViewConfig m_cfg;
    int m_chartWorkers = -1; // the worker charts' lines were made for this many workers
    bool m_chartProcesses = false; // ... named "process N" (else "thread N")
    bool m_frozen = false;
    int m_laneKey = -1; // the Gantt's lane structure the splitter was sized for

    // Series names built once per configuration (the lab's public contract with the UI).
    QStringList m_cpuNames; // cpu_total, cpu_worker_1..N
    std::vector<const metrics::SeriesData*> m_cpuData;
    QStringList m_rssNames; // rss_mb_worker_1..N (a reused process pool)
    std::vector<const metrics::SeriesData*> m_rssData;
    metrics::SeriesData m_throughputSmooth; // reused every frame
    metrics::SeriesData m_deliveredSmooth; // results handed to the caller (api), same smoothing

    QSplitter* m_split = nullptr;
    QSplitter* m_rowA = nullptr;
    QSplitter* m_rowB = nullptr;
    bool m_userSized = false; // a splitter was dragged: keep the user's layout

    GaugeBar* m_gSpeedup;
    GaugeBar* m_gThroughput;
    GaugeBar* m_gCpu;
    GaugeBar* m_gGilWait;
    GaugeBar* m_gSwitches;
    GaugeBar* m_gProbe;
    GaugeBar* m_gIpc;
    GaugeBar* m_gRestarts;

    PoolGantt* m_gantt;
    ReferenceChart* m_cpu;
    ReferenceChart* m_speedup;
    ReferenceChart* m_throughput;
    ReferenceChart* m_probe;
    TimeSeriesChart* m_queue;
    TimeSeriesChart* m_rss;
    HistogramView* m_hist;
};

} // namespace looplab::ui

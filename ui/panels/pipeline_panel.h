#pragma once
// The producer/consumer lesson's panel (issue 5): a flow picture of the pipeline (source → one
// box per stage → done, each queue filled to its depth against its maxsize, arrows carrying the
// measured rates, blocked putters in red, one dot per worker lit while it serves an item), then
// queue depth against capacity, busy and blocked-put shares, Little's law live (L beside λ·W), the
// producer/worker/main timeline and each stage's wait-time distribution (per priority level for
// a PriorityQueue stage).
#include "charts/painted_chart.h"
#include "charts/time_series_chart.h"
#include "charts/timeline_widget.h"
#include "lab_panel.h"

#include <QStringList>

#include <vector>

class QSplitter;

namespace looplab::ui {

// The lab's configuration as the panel needs it (read from LabConfig::params, defaults as the lab
// fills them in).
struct PipelineStageInfo {
    QString name;
    int workers = 1;
    int capacity = 10; // 0: unbounded
    double serviceMs = 100;
    bool exponential = false;
    QString discipline = QStringLiteral("fifo");
    int priorities = 3;
    bool dropWhenFull = false;
};

struct PipelineSourceInfo {
    int producers = 1;
    double ratePerS = 10;
    QString arrival = QStringLiteral("fixed");
    int burstSize = 10;
    double burstEveryMs = 1000;
};

// What the flow picture shows for one stage at the current frame.
struct PipelineStageNow {
    double depth = 0; // items waiting in the queue
    double depthMax = 0; // highest depth so far (scales an unbounded queue)
    double inService = 0; // workers serving an item (mean, last quarter second)
    double arrivalsPerS = 0; // put into the queue (last second)
    double throughputPerS = 0; // finished by the workers (last second)
    double droppedPerS = 0; // refused by a full queue (last second)
    double droppedTotal = 0; // whole run
    double blockedPutters = 0; // producers / upstream workers blocked putting into this queue (mean, last second)
    double blockedSharePct = 0; // % of the putters' time blocked on put into this queue (last second)
    double utilization = 0; // % of worker time in service (last second)
};

struct PipelineFlowNow {
    bool hasData = false;
    bool async = false;
    double producedPerS = 0;
    double completed = 0;
    std::vector<PipelineStageNow> stages;
};

// Source → stages → done, painted with QPainter.
class PipelineFlowView : public PaintedChart
{
    Q_OBJECT
public:
    explicit PipelineFlowView(const QString& title, QWidget* parent = nullptr);

    void setConfig(const PipelineSourceInfo& source, const std::vector<PipelineStageInfo>& stages);
    void setFrame(const PipelineFlowNow& now);
    void setFrozen(bool frozen) { m_frozen = frozen; }

    QSize sizeHint() const override { return {900, 230}; }
    QSize minimumSizeHint() const override { return {420, 190}; }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void paintHeader(QPainter& p, const QRect& area) override;

private:
    void paintSource(QPainter& p, const QRect& box);
    void paintStage(QPainter& p, const QRect& box, int index);
    void paintSink(QPainter& p, const QRect& box);
    void paintArrow(
        QPainter& p, const QPoint& from, const QPoint& to, const QString& label, bool blocked, bool labelBelow);

    PipelineSourceInfo m_source;
    std::vector<PipelineStageInfo> m_stages;
    PipelineFlowNow m_now;
    bool m_frozen = false;
};

// Wait time in the queue: one histogram row per stage (a priority stage: one per level) on a
// shared log axis, so a slow stage's queue, or a starved level, is seen sliding to the right.
class PipelineWaitView : public PaintedChart
{
    Q_OBJECT
public:
    explicit PipelineWaitView(const QString& title, QWidget* parent = nullptr);

    void setConfig(const std::vector<PipelineStageInfo>& stages);
    void setFrame(metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab);
    void setFrozen(bool frozen) { m_frozen = frozen; }

    QSize sizeHint() const override { return {420, 260}; }
    QSize minimumSizeHint() const override { return {260, 160}; }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void paintHeader(QPainter& p, const QRect& area) override;

private:
    std::vector<PipelineStageInfo> m_stages;
    std::vector<QString> m_waitNames; // S.wait_ms
    std::vector<std::vector<QString>> m_levelNames; // S.wait_ms_levelK (priority stages)
    metrics::SnapshotPtr m_keep;
    const metrics::LabSnapshot* m_lab = nullptr;
    bool m_frozen = false;
};

// L and λ·W over time, with the steady-state equation written under the x axis for each stage.
struct LittleLawLine {
    QString stage; // prefix, in the stage's colour (empty with one stage)
    QColor color;
    QStringList variants; // longest first: the longest that fits is drawn
    bool bad = false; // error over 10 %: drawn in the alert colour
};

class LittleLawChart : public TimeSeriesChart
{
    Q_OBJECT
public:
    LittleLawChart(const QString& title, const QString& yTitle, QWidget* parent = nullptr);
    void setEquations(const std::vector<LittleLawLine>& lines);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    QFont lineFont() const;
    std::vector<LittleLawLine> m_lines;
    int m_reservedLines = -1;
};

// The timeline with a caption under it saying who blocks on what: the shared timeline colours a
// blocked lane by state only, so put (queue full) and get (queue empty) are told apart in words.
class PipelineTimeline : public TimelineWidget
{
    Q_OBJECT
public:
    explicit PipelineTimeline(const QString& title, QWidget* parent = nullptr)
        : TimelineWidget(title, parent)
    { }
    void setCaption(const QString& text)
    {
        m_caption = text;
        update();
    }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;

private:
    QString m_caption;
};

class PipelinePanel : public LabPanel
{
    Q_OBJECT
public:
    explicit PipelinePanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    void showFrame(const PanelFrame& frame) override;
    void setFrozen(bool frozen) override;
    QList<QWidget*> charts() const override;
    void parameterChanged(const QString& path, const QJsonValue& value) override;
    void applyTheme() override;

    PipelineFlowView* flowView() const { return m_flow; }
    TimeSeriesChart* depthChart() const { return m_depth; }
    TimelineWidget* timeline() const { return m_timeline; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void readConfig();
    void applyCapacityLabels();
    const metrics::SeriesData* series(const metrics::LabSnapshot* lab, const QString& name, int& hint) const;

    PipelineSourceInfo m_source;
    std::vector<PipelineStageInfo> m_stages;
    bool m_async = false;

    // Series names per stage, built once (the lab's public contract with the UI).
    struct StageNames {
        QString depth, capacity, inService, arrivals, throughput, dropped, blockedPutters, utilization, blockedShare,
            littleL, littleLambdaW;
        QString mDepthMax, mThroughput, mL, mWms, mError, mDropped;
    };
    std::vector<StageNames> m_names;
    // Index hints into LabSnapshot::series (the order is stable from frame to frame).
    mutable std::vector<int> m_hints;
    PipelineFlowNow m_now;
    std::vector<const metrics::SeriesData*> m_depthData, m_shareData, m_littleData;
    std::vector<LittleLawLine> m_equations;

    QSplitter* m_split = nullptr;
    QSplitter* m_chartsRow = nullptr;
    QSplitter* m_bottomRow = nullptr;
    bool m_sized = false;

    PipelineFlowView* m_flow;
    TimeSeriesChart* m_depth;
    TimeSeriesChart* m_shares;
    LittleLawChart* m_little;
    PipelineTimeline* m_timeline;
    PipelineWaitView* m_wait;
};

} // namespace looplab::ui

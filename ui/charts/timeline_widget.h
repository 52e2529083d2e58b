#pragma once
// A Gantt view of lanes × state spans, painted with QPainter. Spans are found by binary search
// for the visible window; spans narrower than a pixel are folded into one column coloured by the
// state that dominates it (faded by how much of the column it fills), so a lane with 20 000
// ticks costs about one rectangle per pixel. Boxes are drawn without antialiasing (crisp edges,
// and much cheaper in the raster engine).
#include "metrics/snapshot.h"
#include "painted_chart.h"

#include <QMap>
#include <QStringList>

namespace looplab::ui {

class TimelineWidget : public PaintedChart
{
    Q_OBJECT
public:
    explicit TimelineWidget(const QString& title, QWidget* parent = nullptr);

    // Only these lane groups (empty: all of them).
    void setGroupFilter(const QStringList& groups)
    {
        m_filter = groups;
        update();
    }
    // These groups first, in this order; any other group follows in declaration order.
    void setGroupOrder(const QStringList& groups)
    {
        m_order = groups;
        update();
    }
    // A header for a group ("executor" → "executor (to_thread workers)").
    void setGroupTitle(const QString& group, const QString& title)
    {
        m_groupTitles.insert(group, title);
        update();
    }
    // One frame. `keep` holds the data alive while `lab` is painted.
    void setFrame(metrics::SnapshotPtr keep, const metrics::LabSnapshot* lab, double fromS, double toS);
    void setFrozen(bool frozen) { m_frozen = frozen; }

    // Links between two lanes drawn over them: out from `fromLane` at startS to `toLane` at
    // workS (a to_thread call handed to its worker thread), the work outlined on `toLane` from
    // workS to endS with `label`, and back at endS (< 0: not yet). Lanes are named as in the
    // snapshot; a flow whose lanes are not shown is left out. None by default.
    struct Flow {
        QString fromLane;
        QString toLane;
        double startS = 0;
        double workS = -1; // < 0: not started
        double endS = -1;
        QString label;
    };
    void setFlows(std::vector<Flow> flows)
    {
        m_flows = std::move(flows);
        update();
    }
    // Arrows drawn in the last paint (out and back count one each).
    int lastFlowArrowCount() const { return m_flowArrows; }

    int visibleLaneCount() const;
    // Rectangles drawn in the last paint (tests, benchmark).
    int lastRectCount() const { return m_rects; }

    QSize sizeHint() const override { return {600, 260}; }
    QSize minimumSizeHint() const override { return {300, 120}; }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void paintHeader(QPainter& p, const QRect& area) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    struct Row {
        const metrics::LaneData* lane = nullptr; // nullptr: a group header
        QString text;
    };
    std::vector<Row> rows() const;
    void paintTotals(QPainter& p, const QRect& area, int labelW, int plotW);
    void paintFlows(QPainter& p, int boxH);

    QStringList m_filter;
    QStringList m_order;
    QMap<QString, QString> m_groupTitles;
    metrics::SnapshotPtr m_keep;
    const metrics::LabSnapshot* m_lab = nullptr;
    double m_fromS = 0, m_toS = 10;
    bool m_frozen = false;
    int m_rects = 0;
    std::vector<Flow> m_flows;
    int m_flowArrows = 0;
    // Geometry of the last paint, for hover.
    QRect m_plot;
    std::vector<std::pair<int, const metrics::LaneData*>> m_rowY; // top y of each lane row
    int m_laneH = 0;
};

} // namespace looplab::ui

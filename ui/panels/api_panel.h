#pragma once
// The FastAPI lesson's panel: what the offered requests became (served, 429, errors) stacked under
// the offered rate, latency percentiles (choose which in the legend), status codes, requests in
// flight, and the server's insides — token bucket, database pool, cache, the loop's lag — with
// the loop / DB connection / to_thread timeline. Parts the scenario does not configure (no rate
// limiter, no database, no cache) are hidden and named in one line under the headline numbers.
#include "charts/painted_chart.h"
#include "charts/time_series_chart.h"
#include "lab_panel.h"

#include <QColor>

#include <array>
#include <vector>

class QLabel;
class QSplitter;

namespace looplab::ui {

class GaugeBar;
class TimelineWidget;

// Rates as stacked areas (what became of the requests, bottom up) under one line (what was
// offered): the gap between the line and the stack is requests still waiting for an answer.
// Painted directly; data is averaged down to about one column per two pixels.
class StackedRateChart : public PaintedChart
{
    Q_OBJECT
public:
    // `yTitle` carries the unit; `unit` is used in hover text.
    StackedRateChart(const QString& title, const QString& yTitle, const QString& unit, QWidget* parent = nullptr);

    int addLayer(const QString& label, const QColor& color); // bottom first
    void setLine(const QString& label, const QColor& color);
    // One frame: per layer (order of addLayer) and for the line, its data (nullptr: none yet).
    void setFrame(double fromS, double toS, const std::vector<const metrics::SeriesData*>& layers,
        const metrics::SeriesData* line);
    void setMarks(std::vector<ChartMark> marks) { m_marks = std::move(marks); }
    void setFrozen(bool frozen) { m_frozen = frozen; }

    // Last column of the last frame (tests): layer i's value, or the line's for i = -1.
    double lastValue(int i) const;
    int columnCount() const { return int(m_x.size()); }

    QSize sizeHint() const override { return {480, 260}; }
    QSize minimumSizeHint() const override { return {280, 170}; }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct Layer {
        QString label;
        QColor color;
    };
    int paintLegend(QPainter& p, const QRect& area); // returns the height used
    void updateYAxis(double hi);

    std::vector<Layer> m_layers;
    QString m_lineLabel;
    QColor m_lineColor;
    QString m_yTitle;
    QString m_unit;
    std::vector<ChartMark> m_marks;
    // The last frame, resampled: column times, per column the layer values then the line's.
    std::vector<double> m_x;
    std::vector<double> m_v; // m_x.size() × (layers + 1)
    double m_fromS = 0, m_toS = 10;
    double m_yHi = 1;
    bool m_frozen = false;
    bool m_hover = false;
    QPoint m_hoverPos;
    QRect m_plot; // of the last paint
};

class ApiPanel : public LabPanel
{
    Q_OBJECT
public:
    explicit ApiPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    void showFrame(const PanelFrame& frame) override;
    void setFrozen(bool frozen) override;
    QList<QWidget*> charts() const override;
    void parameterChanged(const QString& path, const QJsonValue& value) override;
    void applyTheme() override;

    StackedRateChart* rpsChart() const { return m_rps; }
    TimeSeriesChart* latencyChart() const { return m_latency; }
    TimelineWidget* timeline() const { return m_timeline; }
    // Show or hide latency percentile i (0 p50, 1 p95, 2 p99), as a click on its legend entry does.
    void setLatencyShown(int i, bool shown);
    bool latencyShown(int i) const { return i >= 0 && i < 3 && m_latencyOn[size_t(i)]; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // What the scenario configures, read from the lab's parameters (and the run's time scale).
    struct Features {
        bool limiter = false;
        bool tokenBucket = false;
        double limitCapacity = 0; // burst (token bucket) or requests per window
        bool db = false;
        int poolSize = 0;
        double acquireTimeoutMs = 0;
        bool cache = false;
        bool builtin = true; // load.target is the lab's own server
        QString target;
        bool openModel = true;
        double offeredPerS = 0; // open model
        int connections = 0;
        double timeoutMs = 0;
    };
    Features readFeatures() const;
    void applyFeatures();
    void styleLatencyLegend();
    void balanceRows();

    // Rate series smoothed over a trailing window (per-10 ms counts are too noisy to read).
    enum Rate { Offered, Served, Rejected, ClientError, ServerError, NoAnswer, Timeout, RateCount };
    std::array<metrics::SeriesData, RateCount> m_smooth;
    metrics::SeriesData m_failed; // no answer + timed out

    double m_timeScale = 1;
    bool m_frozen = false;
    Features m_features;
    std::array<bool, 3> m_latencyOn{true, true, true};

    QSplitter* m_split = nullptr;
    QSplitter* m_rowA = nullptr;
    QSplitter* m_rowB = nullptr;
    QSplitter* m_rowC = nullptr;
    bool m_sized = false;

    GaugeBar* m_servedNow;
    GaugeBar* m_rejectedNow;
    GaugeBar* m_p99Now;
    GaugeBar* m_lagNow;
    QLabel* m_absent;

    StackedRateChart* m_rps;
    TimeSeriesChart* m_latency;
    TimeSeriesChart* m_status;
    TimeSeriesChart* m_inflight;
    TimeSeriesChart* m_tokens;
    TimeSeriesChart* m_cache;
    TimeSeriesChart* m_lag;
    GaugeBar* m_dbBusyNow;
    TimeSeriesChart* m_db;
    TimeSeriesChart* m_dbQueue;
    TimeSeriesChart* m_dbWait;
    TimelineWidget* m_timeline;
};

} // namespace looplab::ui

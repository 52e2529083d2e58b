#pragma once
// The "nprobe sweep" of the vector_search panel: the lesson's recall-versus-speed trade-off as a
// curve. The lab has no sweep of its own, so the panel drives one through the ordinary live
// parameter path (the document's undoable edit, then Engine::setParameter): it sets nprobe (or
// ef_search for HNSW) to 1, 2, 4 … 64 one step every few seconds of run time, and from the lab's
// own snapshots takes the recall@k reached at the end of each step and the median of the
// latency p50 series after a settling time. At the end the original value is put back.
#include "charts/painted_chart.h"
#include "metrics/snapshot.h"

#include <optional>
#include <vector>

namespace looplab::ui {

struct SweepPoint {
    int value = 0; // the parameter's value during the step
    double recall = 0; // recall@k at the end of the step (0..1)
    double p50Ms = 0; // median of latency p50 over the settled part of the step
};

class ParameterSweep
{
public:
    static constexpr double kSettleS = 1.5; // the recall window (64 sampled answers) and latency windows refill
    static constexpr double kStepS = 3.5; // run seconds per value

    // Begins a sweep at run time `nowS`; returns the first value to set.
    int start(const QString& path, const std::vector<int>& values, int original, double nowS);
    // Call every frame with the lab's latest data. Returns a value to set when a step ends (the
    // next one, or the original value after the last step).
    std::optional<int> advance(const metrics::LabSnapshot& lab, double nowS);
    // Stops early (the run ended, the user cancelled); keeps the points measured so far.
    // Returns the original value to restore, if a sweep was running.
    std::optional<int> abort(const QString& why);

    bool isRunning() const { return m_running; }
    QString path() const { return m_path; }
    const std::vector<SweepPoint>& points() const { return m_points; }
    int stepIndex() const { return m_step; }
    int stepCount() const { return int(m_values.size()); }
    int currentValue() const { return m_running ? m_values[size_t(m_step)] : 0; }
    double stepStartS() const { return m_stepStart; }
    QString message() const { return m_message; }

    // Values 1, 2, 4 … up to `max` (nprobe up to nlist and 64).
    static std::vector<int> powersOfTwo(int from, int max);

private:
    QString m_path;
    std::vector<int> m_values;
    std::vector<SweepPoint> m_points;
    int m_original = 0;
    int m_step = 0;
    double m_stepStart = 0;
    bool m_running = false;
    QString m_message;
};

// Recall (y, 0..1) against latency p50 (x, ms), one labelled point per swept value, joined in
// sweep order: the trade-off curve.
class SweepPlot : public PaintedChart
{
    Q_OBJECT
public:
    explicit SweepPlot(const QString& title, QWidget* parent = nullptr);
    void setPoints(const std::vector<SweepPoint>& points, const QString& parameter);
    int pointCount() const { return int(m_points.size()); }

    QSize sizeHint() const override { return {420, 260}; }
    QSize minimumSizeHint() const override { return {260, 170}; }

protected:
    bool paintContent(QPainter& p, const QRect& area) override;
    void paintHeader(QPainter& p, const QRect& area) override;

private:
    std::vector<SweepPoint> m_points;
    QString m_parameter;
};

} // namespace looplab::ui

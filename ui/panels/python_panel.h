#pragma once
// The python lab's panel (issue 15): a real CPython program, live. The same widgets as the
// emulated labs: the event loop's tick strip and lag, CPU and the GIL held, queue depths, one
// timeline of the loop, the GIL (sampled from CPython), threads, worker processes and tasks, and
// a console with what the program prints. Parameters are read when the program starts: live
// edits do not apply, and the panel's header says so.
#include "charts/timeline_widget.h"
#include "lab_panel.h"

class QLabel;
class QPlainTextEdit;
class QSplitter;

namespace looplab::ui {

class GaugeBar;
class TickStrip;
class TimeSeriesChart;

class PythonPanel : public LabPanel
{
    Q_OBJECT
public:
    explicit PythonPanel(const scenario::LabConfig& config, QWidget* parent = nullptr);

    void showFrame(const PanelFrame& frame) override;
    void setFrozen(bool frozen) override;
    QList<QWidget*> charts() const override;

    TimelineWidget* timeline() const { return m_timeline; }
    QPlainTextEdit* console() const { return m_console; }
    QLabel* notice() const { return m_notice; }
    QLabel* queueWaits() const { return m_queueWaits; }
    // to_thread / run_in_executor calls from tasks, as flows between the task's lane and the
    // worker thread's lane (both named as in `lab`); calls whose lanes are unknown are left out.
    static std::vector<TimelineWidget::Flow> executorFlows(const metrics::LabSnapshot& lab);

private:
    void followConsole();

    QLabel* m_notice;
    QLabel* m_why;
    TickStrip* m_ticks;
    TimeSeriesChart* m_lag;
    TimeSeriesChart* m_cpu;
    TimeSeriesChart* m_queue;
    QLabel* m_queueWaits; // puts that waited for room, gets that waited for an item
    TimelineWidget* m_timeline;
    QPlainTextEdit* m_console;
    GaugeBar* m_lagNow;
    GaugeBar* m_cpuNow;
    GaugeBar* m_gilNow;
    GaugeBar* m_threadsNow;
    bool m_frozen = false;
    qsizetype m_consoleBytes = 0;
    quint64 m_consoleSerial = 0;
};

} // namespace looplab::ui

#include "lab_panel.h"

#include "charts/painted_chart.h"
#include "charts/time_series_chart.h"
#include "metrics_model.h"

namespace looplab::ui {

LabPanel::LabPanel(const scenario::LabConfig& config, QWidget* parent)
    : QWidget(parent)
    , m_config(config)
    , m_metrics(new LabMetricsModel(this))
{ }

void LabPanel::parameterChanged(const QString& path, const QJsonValue& value)
{
    m_config.params.insert(path, value);
}

void LabPanel::applyTheme()
{
    for (QWidget* w : charts()) {
        if (auto* c = qobject_cast<TimeSeriesChart*>(w))
            c->applyTheme();
        w->update();
    }
}

void LabPanel::updateCommon(const PanelFrame& frame)
{
    if (!frame.lab)
        return;
    m_metrics->setMetrics(frame.lab->metrics);
    m_status = frame.lab->status;
}

QString chartTitle(const QWidget* chart)
{
    if (auto* c = qobject_cast<const TimeSeriesChart*>(chart))
        return c->title();
    if (auto* c = qobject_cast<const PaintedChart*>(chart))
        return c->title();
    return chart ? chart->objectName() : QString();
}

} // namespace looplab::ui

#include "generic_panel.h"

#include "charts/histogram_view.h"
#include "charts/time_series_chart.h"
#include "charts/timeline_widget.h"
#include "event_loop_panel.h"
#include "theme.h"
#include "ui_text.h"

#include <QGridLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QVBoxLayout>

namespace looplab::ui {

GenericPanel::GenericPanel(const scenario::LabConfig& config, QWidget* parent)
    : LabPanel(config, parent)
{
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_content = new QWidget;
    m_grid = new QGridLayout(m_content);
    m_grid->setContentsMargins(4, 4, 4, 4);
    m_grid->setSpacing(6);
    auto* waiting = new QLabel(tr("Waiting for the first measurements of lab “%1”…").arg(config.id));
    waiting->setAlignment(Qt::AlignCenter);
    m_grid->addWidget(waiting, 0, 0);
    scroll->setWidget(m_content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
}

QString GenericPanel::layoutKey(const metrics::LabSnapshot& lab) const
{
    QString key;
    for (const auto& s : lab.series)
        key += s.name + QLatin1Char('|') + s.unit + QLatin1Char(';');
    key += QLatin1Char('#');
    for (const auto& l : lab.lanes)
        if (!key.contains(QLatin1Char('@') + l.group + QLatin1Char(';')))
            key += QLatin1Char('@') + l.group + QLatin1Char(';');
    key += QLatin1Char('#');
    for (const auto& h : lab.histograms)
        key += h.name + QLatin1Char(';');
    return key;
}

void GenericPanel::rebuild(const metrics::LabSnapshot& lab)
{
    // Drop the old widgets.
    while (QLayoutItem* item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_unitCharts.clear();
    m_timelines.clear();
    m_hists.clear();
    const Theme& t = Theme::current();

    // Timelines first (full width): what each thread is doing is the heart of most lessons.
    int row = 0, col = 0;
    QStringList groups;
    for (const auto& l : lab.lanes)
        if (!groups.contains(l.group))
            groups << l.group;
    if (!groups.isEmpty()) {
        // One timeline with a header per group keeps lanes of different groups on one time axis.
        auto* tl = new TimelineWidget(
            groups.size() == 1 && !groups.first().isEmpty() ? tr("Timeline: %1").arg(groups.first()) : tr("Timeline"));
        const int lanes = int(lab.lanes.size());
        tl->setMinimumHeight(std::clamp(80 + lanes * 24 + int(groups.size()) * 20, 150, 460));
        tl->setFrozen(m_frozen);
        m_timelines.push_back({QString(), tl});
        m_grid->addWidget(tl, row++, 0, 1, 2);
    }

    // Series: a histogram's percentile series (NAME_p50/_p95/_p99) together in one chart;
    // the others grouped by unit, in declaration order of each group's first series.
    QStringList histNames;
    for (const auto& h : lab.histograms)
        histNames << h.name;
    auto groupOf = [&](const metrics::SeriesData& s) -> std::pair<QString, QString> { // (key, legend label)
        static const QRegularExpression pct(QStringLiteral("^(.*)_(p\\d+)$"));
        const auto m = pct.match(s.name);
        if (m.hasMatch() && histNames.contains(m.captured(1)))
            return {QStringLiteral("hist:") + m.captured(1), m.captured(2)};
        return {QStringLiteral("unit:") + s.unit, humanize(s.name)};
    };
    std::vector<QStringList> labels;
    for (const auto& s : lab.series) {
        const auto [key, label] = groupOf(s);
        auto it
            = std::find_if(m_unitCharts.begin(), m_unitCharts.end(), [&](const UnitChart& u) { return u.key == key; });
        if (it == m_unitCharts.end()) {
            m_unitCharts.push_back({key, s.unit, {}, nullptr});
            labels.emplace_back();
            it = m_unitCharts.end() - 1;
        }
        it->names << s.name;
        labels[size_t(it - m_unitCharts.begin())] << label;
    }
    for (size_t k = 0; k < m_unitCharts.size(); ++k) {
        auto& u = m_unitCharts[k];
        const QStringList& human = labels[k];
        QString title, yTitle;
        if (u.key.startsWith(QLatin1String("hist:"))) {
            title = tr("%1 percentiles").arg(humanize(u.key.mid(5)));
            yTitle = labelWithUnit(humanize(u.key.mid(5)), u.unit);
        } else {
            title = human.size() <= 3
                ? human.join(QStringLiteral(" · "))
                : tr("%1 and %n more", "", int(human.size() - 2)).arg(human.mid(0, 2).join(QStringLiteral(" · ")));
            yTitle = labelWithUnit(u.names.size() == 1 ? human.first() : tr("value"), u.unit);
        }
        u.chart = new TimeSeriesChart(title, yTitle);
        for (int i = 0; i < u.names.size(); ++i)
            u.chart->addSeries(human[i], u.unit, t.seriesColor(i), u.names.size() > 4 ? 1.5 : 2.0);
        u.chart->setMinimumHeight(210);
        u.chart->setFrozen(m_frozen);
        m_grid->addWidget(u.chart, row, col);
        if (++col == 2) {
            col = 0;
            ++row;
        }
    }
    if (col != 0) {
        col = 0;
        ++row;
    }
    for (const auto& h : lab.histograms) {
        auto* hv = new HistogramView(humanize(h.name));
        hv->setValueTitle(labelWithUnit(humanize(h.name), h.unit));
        hv->setMinimumHeight(200);
        hv->setFrozen(m_frozen);
        m_hists.push_back({h.name, hv});
        m_grid->addWidget(hv, row, col);
        if (++col == 2) {
            col = 0;
            ++row;
        }
    }
    if (m_unitCharts.empty() && m_timelines.empty() && m_hists.empty()) {
        auto* none = new QLabel(tr("Lab “%1” has declared no series, lanes or histograms yet.").arg(lab.id));
        none->setAlignment(Qt::AlignCenter);
        m_grid->addWidget(none, 0, 0);
    }
    m_grid->setColumnStretch(0, 1);
    m_grid->setColumnStretch(1, 1);
    m_key = layoutKey(lab);
}

void GenericPanel::showFrame(const PanelFrame& f)
{
    updateCommon(f);
    if (!f.lab || m_frozen)
        return;
    if (layoutKey(*f.lab) != m_key)
        rebuild(*f.lab);
    const auto marks = chartMarks(*f.lab);
    for (auto& u : m_unitCharts) {
        std::vector<const metrics::SeriesData*> data;
        data.reserve(size_t(u.names.size()));
        for (const QString& n : u.names)
            data.push_back(f.lab->findSeries(n));
        u.chart->setMarks(marks);
        u.chart->setFrame(f.fromS, f.toS, data);
    }
    for (auto& [g, tl] : m_timelines)
        tl->setFrame(f.snapshot, f.lab, f.fromS, f.toS);
    for (auto& [name, hv] : m_hists)
        hv->setFrame(f.snapshot, f.lab->findHistogram(name));
}

void GenericPanel::setFrozen(bool frozen)
{
    m_frozen = frozen;
    for (auto& u : m_unitCharts)
        u.chart->setFrozen(frozen);
    for (auto& [g, tl] : m_timelines)
        tl->setFrozen(frozen);
    for (auto& [n, hv] : m_hists)
        hv->setFrozen(frozen);
}

QList<QWidget*> GenericPanel::charts() const
{
    QList<QWidget*> out;
    for (const auto& u : m_unitCharts)
        out << u.chart;
    for (const auto& [g, tl] : m_timelines)
        out << tl;
    for (const auto& [n, hv] : m_hists)
        out << hv;
    return out;
}

} // namespace looplab::ui

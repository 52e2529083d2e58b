#include "report_export.h"

#include "image_export.h"
#include "panels/lab_panel.h"
#include "ui_text.h"

#include <QCoreApplication>
#include <QTabWidget>

namespace looplab::ui {

std::vector<std::pair<QString, QImage>> panelPictures(QTabWidget* tabs, const std::function<void()>& paint)
{
    std::vector<std::pair<QString, QImage>> pages;
    const int current = tabs->currentIndex();
    for (int i = 0; i < tabs->count(); ++i) {
        auto* panel = qobject_cast<LabPanel*>(tabs->widget(i));
        if (!panel)
            continue;
        // Only the visible panel is painted each frame: make this one visible, paint, let the
        // layout settle, paint again with the final chart sizes.
        tabs->setCurrentIndex(i);
        for (int pass = 0; pass < 2; ++pass) {
            paint();
            QCoreApplication::processEvents();
        }
        // First line: the page heading (the tab's "loop · Event loop"); then the lab's status.
        QString caption = tabs->tabText(i);
        if (!panel->statusLine().isEmpty())
            caption += QLatin1Char('\n') + panel->statusLine();
        pages.emplace_back(caption, renderWidget(panel, 2.0));
    }
    if (current >= 0 && current != tabs->currentIndex()) {
        tabs->setCurrentIndex(current);
        paint();
    }
    return pages;
}

report::ReportInput windowReport(const scenario::Scenario& scenario, const metrics::Snapshot& shown, QTabWidget* tabs,
    const std::function<void()>& paint)
{
    report::ReportInput in;
    in.scenario = scenario;
    in.language = uiLanguage();
    in.labs = report::labSummaries(shown);
    in.wallS = double(shown.elapsedNs) * 1e-9;
    in.panels = panelPictures(tabs, paint);
    return in;
}

} // namespace looplab::ui

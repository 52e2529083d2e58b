#pragma once
// The window as a homework report (File → Export report, and `--headless --report`): the scenario,
// the summary metrics of the snapshot on screen, and one picture per lab panel, in the window's
// language. The PDF itself is ui/report's writeReportPdf.
#include "metrics/snapshot.h"
#include "report/report_writer.h"
#include "scenario/scenario.h"

#include <functional>

class QTabWidget;

namespace looplab::ui {

// Shows every panel of `tabs` in turn, lets `paint` draw the current one, and takes its picture
// (at twice the screen resolution: the PDF is printed). The tab that was current is restored.
std::vector<std::pair<QString, QImage>> panelPictures(QTabWidget* tabs, const std::function<void()>& paint);

// Scenario, summary of `shown`, run length, UI language and the panels' pictures.
report::ReportInput windowReport(const scenario::Scenario& scenario, const metrics::Snapshot& shown, QTabWidget* tabs,
    const std::function<void()>& paint);

} // namespace looplab::ui

#pragma once
// The homework report: one PDF with the scenario (title, notes, parameters), the summary metrics,
// the date and LoopLab's version on the first page(s), then one page per panel picture with its
// caption. Qt Gui only (QPdfWriter, QTextDocument): it needs a QGuiApplication (offscreen is
// fine), not widgets. Written atomically through QSaveFile.
#include "metrics/snapshot.h"
#include "scenario/scenario.h"

#include <QDateTime>
#include <QImage>
#include <QMap>
#include <QString>

#include <utility>
#include <vector>

namespace looplab::engine {
struct RunResult;
}

namespace looplab::report {

struct LabSummary {
    QString id;
    QString kind;
    QMap<QString, double> metrics; // summary.json's flat metrics (NaN printed as "—")
};

struct ReportInput {
    scenario::Scenario scenario;
    QString language = QStringLiteral("en"); // "zh", "zh_CN"…: Chinese text and headings
    std::vector<LabSummary> labs;
    // One page each, in order: (caption, picture). The caption's first line is the page heading,
    // the rest is printed under the picture.
    std::vector<std::pair<QString, QImage>> panels;
    QDateTime date = QDateTime::currentDateTime();
    double wallS = 0; // how long the run lasted (0: not shown)
    QString runError; // the run failed: printed on page 1
};

// The summary metrics of every lab of a snapshot (a RunResult's data, or a replay's last frame).
std::vector<LabSummary> labSummaries(const metrics::Snapshot& data);
// Scenario, summary and duration of a finished run; panels and language left for the caller.
ReportInput reportInputFor(const engine::RunResult& result, const QString& language = QStringLiteral("en"));

// Writes the PDF; returns an error message, or "" on success. Nothing is left at `path` when it
// fails (and an older file there is kept).
QString writeReportPdf(const ReportInput& in, const QString& path);

// Pages writeReportPdf makes for `in` (first-page text may take more than one page when a
// scenario has many parameters): text pages + panels.
int reportPageCount(const ReportInput& in);

} // namespace looplab::report

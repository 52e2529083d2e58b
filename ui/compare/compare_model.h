#pragma once
// The A/B metrics table: one row per summary metric ("fib.speedup"), columns metric (with unit),
// A, B and B/A, with the better side coloured where the metric has a known direction. Rows that
// are 0 (or missing) in both runs are left out: they compare nothing and bury the ones that do.
#include "compare/metric_info.h"
#include "report/report_writer.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace looplab::ui::compare {

class CompareTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { MetricColumn, AColumn, BColumn, RatioColumn, ColumnCount };
    // The number behind a cell (A, B, ratio), NaN when none: tests and CSV read this.
    static constexpr int ValueRole = Qt::UserRole + 1;
    // +1 B better, -1 A better, 0 neither (int), on every column of the row.
    static constexpr int BetterRole = Qt::UserRole + 2;

    struct Row {
        QString name; // "lab.metric"
        MetricInfo info;
        double a = 0;
        double b = 0;
    };

    explicit CompareTableModel(QObject* parent = nullptr);
    // The ratio cell's colours (the window's legend uses the same).
    static QColor betterColor();
    static QColor worseColor();

    // `labelA`/`labelB` name the variants in the headers ("fib.executor = threads").
    void setRuns(const std::vector<report::LabSummary>& a, const std::vector<report::LabSummary>& b,
        const QString& labelA, const QString& labelB);
    void clear();
    // LoopLab engine vs real CPython: neither side is "better", the question is whether they
    // agree, so no colours or bold; the ratio's tooltip says so.
    void setAgreementMode(bool on);
    bool agreementMode() const { return m_agreement; }

    const std::vector<Row>& rows() const { return m_rows; }
    int hiddenRows() const { return m_hidden; }
    int rowOf(const QString& name) const; // -1 when absent
    QString labelA() const { return m_labelA; }
    QString labelB() const { return m_labelB; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
    int m_hidden = 0;
    bool m_agreement = false;
    QString m_labelA, m_labelB;
};

// The table as CSV (metric, unit, A, B, B/A, better), values at full precision, written
// atomically. Returns an error message, or "" on success.
QString writeCompareCsv(const CompareTableModel& model, const QString& path);

} // namespace looplab::ui::compare

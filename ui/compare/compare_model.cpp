#include "compare_model.h"

#include "theme.h"
#include "ui_text.h"

#include <QBrush>
#include <QCoreApplication>
#include <QFont>
#include <QSaveFile>

#include <cmath>
#include <map>

namespace looplab::ui::compare {

namespace {

double nan()
{
    return std::numeric_limits<double>::quiet_NaN();
}

QString ratioText(double r)
{
    if (!std::isfinite(r))
        return QStringLiteral("—");
    // Two decimals around 1; small ratios keep their significant digits (a lag cut 1000× is
    // "0.001×", not "0.00×").
    const double m = std::fabs(r);
    return (m >= 0.1 && m < 10 ? QString::number(r, 'f', 2) : formatNumber(r)) + QStringLiteral("×");
}

QString valueText(double v)
{
    return std::isfinite(v) ? formatNumber(v) : QStringLiteral("—");
}

QString csvField(QString s)
{
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
        return QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return s;
}

QString csvNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 12) : QString();
}

} // namespace

CompareTableModel::CompareTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

QColor CompareTableModel::betterColor()
{
    return {0x2e, 0xa0, 0x43}; // green, readable on light and dark
}

QColor CompareTableModel::worseColor()
{
    return Theme::current().alert;
}

void CompareTableModel::setRuns(const std::vector<report::LabSummary>& a, const std::vector<report::LabSummary>& b,
    const QString& labelA, const QString& labelB)
{
    beginResetModel();
    m_rows.clear();
    m_hidden = 0;
    m_labelA = labelA;
    m_labelB = labelB;
    // Labs in A's order (then any only B has), metrics in name order within a lab.
    std::vector<QString> order;
    std::map<QString, std::pair<QMap<QString, double>, QMap<QString, double>>> byLab;
    for (const auto& lab : a) {
        if (!byLab.count(lab.id))
            order.push_back(lab.id);
        byLab[lab.id].first = lab.metrics;
    }
    for (const auto& lab : b) {
        if (!byLab.count(lab.id))
            order.push_back(lab.id);
        byLab[lab.id].second = lab.metrics;
    }
    for (const QString& id : order) {
        const auto& [ma, mb] = byLab[id];
        QStringList names = ma.keys();
        for (const QString& n : mb.keys())
            if (!ma.contains(n))
                names << n;
        names.sort();
        for (const QString& n : names) {
            const double va = ma.value(n, nan());
            const double vb = mb.value(n, nan());
            const bool nothingA = !std::isfinite(va) || va == 0;
            const bool nothingB = !std::isfinite(vb) || vb == 0;
            if (nothingA && nothingB) {
                ++m_hidden;
                continue;
            }
            m_rows.push_back({id + QLatin1Char('.') + n, metricInfo(n), va, vb});
        }
    }
    endResetModel();
}

void CompareTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_hidden = 0;
    endResetModel();
}

void CompareTableModel::setAgreementMode(bool on)
{
    beginResetModel();
    m_agreement = on;
    endResetModel();
}

int CompareTableModel::rowOf(const QString& name) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name == name)
            return int(i);
    return -1;
}

int CompareTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CompareTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CompareTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows[size_t(index.row())];
    const double ratio = compareRatio(r.a, r.b);
    const int side = m_agreement ? 0 : betterSide(r.a, r.b, r.info.better, tieTolerance(r.info));
    const int col = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (col) {
        case MetricColumn:
            return labelWithUnit(r.name, r.info.unit);
        case AColumn:
            return valueText(r.a);
        case BColumn:
            return valueText(r.b);
        case RatioColumn:
            return ratioText(ratio);
        }
        break;
    case ValueRole:
        switch (col) {
        case AColumn:
            return r.a;
        case BColumn:
            return r.b;
        case RatioColumn:
            return ratio;
        default:
            return {};
        }
    case BetterRole:
        return side;
    case Qt::TextAlignmentRole:
        return col == MetricColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        // The better of the two values in bold.
        if ((col == AColumn && side < 0) || (col == BColumn && side > 0)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::BackgroundRole:
        if (col == RatioColumn && side != 0) {
            QColor c = side > 0 ? betterColor() : worseColor();
            c.setAlpha(70);
            return QBrush(c);
        }
        break;
    case Qt::ToolTipRole: {
        if (m_agreement)
            return tr("A is LoopLab's emulation, B the real program under CPython: B/A near 1 means they agree "
                      "(make fidelity's tolerance is ±10 %).");
        QString tip;
        switch (r.info.better) {
        case Better::Higher:
            tip = tr("Higher is better.");
            break;
        case Better::Lower:
            tip = tr("Lower is better.");
            break;
        case Better::Unknown:
            tip = tr("Neither direction is better in general: read it with the charts.");
            break;
        }
        if (col == RatioColumn) {
            if (!std::isfinite(ratio))
                tip += QLatin1Char(' ') + tr("No ratio: A is 0 or a value is missing.");
            else if (side > 0)
                tip += QLatin1Char(' ') + tr("B did better than A.");
            else if (side < 0)
                tip += QLatin1Char(' ') + tr("B did worse than A.");
            else if (r.info.better != Better::Unknown)
                tip += QLatin1Char(' ') + tr("Within 2 %: the same, up to run-to-run noise.");
        }
        return tip;
    }
    default:
        break;
    }
    return {};
}

QVariant CompareTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case MetricColumn:
            return tr("metric");
        case AColumn:
            return m_labelA.isEmpty() ? tr("A") : tr("A: %1").arg(m_labelA);
        case BColumn:
            return m_labelB.isEmpty() ? tr("B") : tr("B: %1").arg(m_labelB);
        case RatioColumn:
            return tr("B / A");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case MetricColumn:
            return tr("The summary metric (summary.json's name) and its unit");
        case AColumn:
            return tr("Variant A's value");
        case BColumn:
            return tr("Variant B's value");
        case RatioColumn:
            return tr("B divided by A; green where B did better, red where it did worse (when the metric has a "
                      "better direction)");
        }
    }
    return {};
}

QString writeCompareCsv(const CompareTableModel& model, const QString& path)
{
    QString out
        = QStringLiteral("metric,unit,%1,%2,B/A,better\n")
              .arg(csvField(QStringLiteral("A: ") + model.labelA()), csvField(QStringLiteral("B: ") + model.labelB()));
    for (const auto& r : model.rows()) {
        const int side = model.agreementMode() ? 0 : betterSide(r.a, r.b, r.info.better, tieTolerance(r.info));
        out += QStringList{csvField(r.name), csvField(r.info.unit), csvNumber(r.a), csvNumber(r.b),
                   csvNumber(compareRatio(r.a, r.b)),
                   side > 0       ? QStringLiteral("B")
                       : side < 0 ? QStringLiteral("A")
                                  : QString()}
                   .join(QLatin1Char(','))
            + QLatin1Char('\n');
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QCoreApplication::translate("Export", "cannot write %1: %2").arg(path, file.errorString());
    file.write(out.toUtf8());
    if (!file.commit())
        return QCoreApplication::translate("Export", "cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace looplab::ui::compare

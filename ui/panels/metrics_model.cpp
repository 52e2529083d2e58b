#include "metrics_model.h"

#include "ui_text.h"

#include <cmath>

namespace looplab::ui {

namespace {
// Summary metrics that are enumerations (summaries hold numbers): the name the window shows.
QString enumName(const QString& key, double v)
{
    if (key == QLatin1String("backend")) // vector_search: which backend actually ran
        return v == 0 ? QStringLiteral("cpu") : v == 1 ? QStringLiteral("cuda") : QString();
    return {};
}
} // namespace

void LabMetricsModel::setMetrics(const QMap<QString, double>& metrics)
{
    const QStringList keys = metrics.keys();
    if (keys != m_keys) {
        beginResetModel();
        m_metrics = metrics;
        m_keys = keys;
        endResetModel();
        return;
    }
    // Only the rows whose value changed are repainted (most metrics hold still between frames).
    int first = -1, last = -1, row = 0;
    for (auto a = metrics.cbegin(), b = m_metrics.cbegin(); a != metrics.cend(); ++a, ++b, ++row)
        if (!(a.value() == b.value() || (std::isnan(a.value()) && std::isnan(b.value())))) {
            if (first < 0)
                first = row;
            last = row;
        }
    if (first < 0)
        return;
    m_metrics = metrics;
    Q_EMIT dataChanged(index(first, 1), index(last, 1), {Qt::DisplayRole, Qt::ToolTipRole});
}

int LabMetricsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int LabMetricsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 2;
}

QVariant LabMetricsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_keys.size() || index.column() > 1)
        return {};
    const QString& key = m_keys[index.row()];
    const double v = m_metrics.value(key);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == 0)
            return key;
        if (const QString name = enumName(key, v); !name.isEmpty())
            return QStringLiteral("%1 (%2)").arg(name, formatNumber(v));
        return formatNumber(v);
    case Qt::ToolTipRole:
        return QStringLiteral("%1 = %2").arg(key, QString::number(v, 'g', 10));
    case Qt::UserRole:
        return index.column() == 0 ? QVariant(key) : QVariant(v);
    case Qt::TextAlignmentRole:
        return index.column() == 1 ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                   : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    default:
        return {};
    }
}

QVariant LabMetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    return section == 0 ? tr("metric") : section == 1 ? tr("value") : QVariant();
}

} // namespace looplab::ui

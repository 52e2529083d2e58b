#pragma once
// A lab's headline numbers (what summary.json will hold) as a two-column table model: metric,
// value. Updated in place every frame so views keep their selection and scroll position.
#include <QAbstractTableModel>
#include <QMap>

namespace looplab::ui {

class LabMetricsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setMetrics(const QMap<QString, double>& metrics);
    const QMap<QString, double>& metrics() const { return m_metrics; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QMap<QString, double> m_metrics;
    QStringList m_keys;
};

} // namespace looplab::ui

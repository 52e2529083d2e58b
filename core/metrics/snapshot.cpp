#include "snapshot.h"

namespace looplab::metrics {

template <typename T> static const T* findByName(const std::vector<T>& items, const QString& name)
{
    for (const auto& item : items)
        if (item.name == name)
            return &item;
    return nullptr;
}

const SeriesData* LabSnapshot::findSeries(const QString& name) const
{
    return findByName(series, name);
}
const HistogramData* LabSnapshot::findHistogram(const QString& name) const
{
    return findByName(histograms, name);
}
const LaneData* LabSnapshot::findLane(const QString& name) const
{
    return findByName(lanes, name);
}

const LabSnapshot* Snapshot::findLab(const QString& id) const
{
    for (const auto& lab : labs)
        if (lab.id == id)
            return &lab;
    return nullptr;
}

} // namespace looplab::metrics

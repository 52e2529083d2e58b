#include "exporters.h"

#include <cmath>

namespace looplab::exporting {

QByteArray metricsCsv(const engine::RunResult& result)
{
    // Every series of a run shares the collector's bins, so rows line up across labs.
    std::vector<const metrics::SeriesData*> cols;
    QByteArray out = "time_s";
    for (const auto& lab : result.data.labs)
        for (const auto& s : lab.series) {
            cols.push_back(&s);
            out += ','
                + (lab.id + QLatin1Char('.') + s.name + QStringLiteral(" [") + s.unit + QLatin1Char(']')).toUtf8();
        }
    out += '\n';
    size_t rows = 0;
    int64_t binNs = 0, startNs = 0;
    for (const auto* s : cols) {
        rows = std::max(rows, s->values.size());
        binNs = s->binNs;
        startNs = s->startNs;
    }
    for (size_t r = 0; r < rows; ++r) {
        out += QByteArray::number(double(startNs + int64_t(r) * binNs) * 1e-9, 'f', 3);
        for (const auto* s : cols) {
            out += ',';
            if (r < s->values.size() && std::isfinite(s->values[r]))
                out += QByteArray::number(s->values[r], 'g', 6);
        }
        out += '\n';
    }
    return out;
}

} // namespace looplab::exporting

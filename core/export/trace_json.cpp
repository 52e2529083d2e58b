#include "exporters.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace looplab::exporting {

namespace {
// Perfetto reads the legacy JSON trace format: ts and dur in microseconds.
double us(int64_t ns)
{
    return double(ns) / 1000.0;
}
} // namespace

QByteArray traceJson(const engine::RunResult& result)
{
    QJsonArray events;
    int pid = 0;
    for (const auto& lab : result.data.labs) {
        ++pid;
        events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                                  {QStringLiteral("name"), QStringLiteral("process_name")},
                                  {QStringLiteral("pid"), pid},
                                  {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), lab.id + QStringLiteral(" (") + lab.kind + QLatin1Char(')')}}}});
        int tid = 0;
        for (const auto& lane : lab.lanes) {
            ++tid;
            events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                                      {QStringLiteral("name"), QStringLiteral("thread_name")},
                                      {QStringLiteral("pid"), pid},
                                      {QStringLiteral("tid"), tid},
                                      {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), lane.name}, {QStringLiteral("group"), lane.group}}}});
            for (const auto& span : lane.spans)
                events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("X")},
                                          {QStringLiteral("name"), QLatin1String(metrics::laneStateName(span.state))},
                                          {QStringLiteral("cat"), lane.group},
                                          {QStringLiteral("pid"), pid},
                                          {QStringLiteral("tid"), tid},
                                          {QStringLiteral("ts"), us(span.startNs)},
                                          {QStringLiteral("dur"), us(span.endNs - span.startNs)}});
        }
        for (const auto& s : lab.series) {
            const QString name = s.name + QStringLiteral(" [") + s.unit + QLatin1Char(']');
            double last = std::nan("");
            for (size_t i = 0; i < s.values.size(); ++i) {
                const double v = s.values[i];
                if (!std::isfinite(v) || v == last) // counters hold their value: only changes
                    continue;
                last = v;
                events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("C")},
                                          {QStringLiteral("name"), name},
                                          {QStringLiteral("pid"), pid},
                                          {QStringLiteral("ts"), us(s.startNs + int64_t(i) * s.binNs)},
                                          {QStringLiteral("args"), QJsonObject{{QStringLiteral("value"), v}}}});
            }
        }
        for (const auto& m : lab.marks)
            events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("i")},
                                      {QStringLiteral("name"), m.name},
                                      {QStringLiteral("s"), QStringLiteral("p")},
                                      {QStringLiteral("pid"), pid},
                                      {QStringLiteral("ts"), us(m.tNs)},
                                      {QStringLiteral("args"), QJsonObject{{QStringLiteral("value"), m.value}}}});
    }
    // What the Chrome format cannot say but a replay needs to be exact: each series' kind and
    // the bin width (counters only carry changes), and the whole-run histograms (buckets).
    QJsonArray seriesMeta;
    QJsonArray histograms;
    int64_t binNs = 0;
    for (const auto& lab : result.data.labs) {
        for (const auto& s : lab.series) {
            binNs = std::max(binNs, s.binNs);
            seriesMeta.append(QJsonObject{{QStringLiteral("lab"), lab.id},
                                          {QStringLiteral("name"), s.name},
                                          {QStringLiteral("kind"), s.kind == metrics::SeriesKind::Rate ? QStringLiteral("rate") : QStringLiteral("gauge")}});
        }
        for (const auto& h : lab.histograms) {
            QJsonArray buckets;
            for (const auto& b : h.buckets)
                buckets.append(QJsonArray{b[0], b[1], b[2]});
            histograms.append(QJsonObject{{QStringLiteral("lab"), lab.id}, {QStringLiteral("name"), h.name},
                                          {QStringLiteral("unit"), h.unit}, {QStringLiteral("count"), double(h.count)},
                                          {QStringLiteral("min"), h.min}, {QStringLiteral("max"), h.max},
                                          {QStringLiteral("mean"), h.mean}, {QStringLiteral("p50"), h.p50},
                                          {QStringLiteral("p90"), h.p90}, {QStringLiteral("p95"), h.p95},
                                          {QStringLiteral("p99"), h.p99}, {QStringLiteral("buckets"), buckets}});
        }
    }
    QJsonObject root{
        {QStringLiteral("traceEvents"), events},
        {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")},
        // LoopLab's own data for replay: what ran and what it measured.
        {QStringLiteral("looplab"), QJsonObject{{QStringLiteral("version"), 1},
                                                 {QStringLiteral("scenario"), result.scenario.toJson()},
                                                 {QStringLiteral("summary"), QJsonDocument::fromJson(summaryJson(result)).object()},
                                                 {QStringLiteral("bin_ns"), double(binNs)},
                                                 {QStringLiteral("series"), seriesMeta},
                                                 {QStringLiteral("histograms"), histograms}}},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace looplab::exporting

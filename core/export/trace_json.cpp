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

// The trace's events go straight into the text, one at a time: a QJsonArray of every span and
// counter change held ~85 MB at the peak of a busy run's export (issue 18), several times the
// text it becomes.
class EventText
{
public:
    explicit EventText(QByteArray& out)
        : m_out(out)
    { }
    void append(const QJsonObject& event)
    {
        if (m_any)
            m_out += ',';
        m_any = true;
        m_out += QJsonDocument(event).toJson(QJsonDocument::Compact);
    }

private:
    QByteArray& m_out;
    bool m_any = false;
};
} // namespace

QByteArray traceJson(const engine::RunResult& result)
{
    // What the Chrome format cannot say but a replay needs to be exact: each series' kind and
    // the bin width (counters only carry changes), and the whole-run histograms (buckets).
    QJsonArray seriesMeta;
    QJsonArray histograms;
    int64_t binNs = 0;
    for (const auto& lab : result.data.labs) {
        for (const auto& s : lab.series) {
            binNs = std::max(binNs, s.binNs);
            seriesMeta.append(QJsonObject{{QStringLiteral("lab"), lab.id}, {QStringLiteral("name"), s.name},
                {QStringLiteral("kind"),
                    s.kind == metrics::SeriesKind::Rate ? QStringLiteral("rate") : QStringLiteral("gauge")}});
        }
        for (const auto& h : lab.histograms) {
            QJsonArray buckets;
            for (const auto& b : h.buckets)
                buckets.append(QJsonArray{b[0], b[1], b[2]});
            histograms.append(QJsonObject{{QStringLiteral("lab"), lab.id}, {QStringLiteral("name"), h.name},
                {QStringLiteral("unit"), h.unit}, {QStringLiteral("count"), double(h.count)},
                {QStringLiteral("min"), h.min}, {QStringLiteral("max"), h.max}, {QStringLiteral("mean"), h.mean},
                {QStringLiteral("p50"), h.p50}, {QStringLiteral("p90"), h.p90}, {QStringLiteral("p95"), h.p95},
                {QStringLiteral("p99"), h.p99}, {QStringLiteral("buckets"), buckets}});
        }
    }
    // The keys in the order QJsonDocument writes them (sorted): the same bytes as one document.
    // LoopLab's own data for replay: what ran and what it measured.
    const QJsonObject looplab{{QStringLiteral("version"), 1}, {QStringLiteral("scenario"), result.scenario.toJson()},
        {QStringLiteral("summary"), QJsonDocument::fromJson(summaryJson(result)).object()},
        {QStringLiteral("bin_ns"), double(binNs)}, {QStringLiteral("series"), seriesMeta},
        {QStringLiteral("histograms"), histograms}};
    QByteArray out = QByteArrayLiteral("{\"displayTimeUnit\":\"ms\",\"looplab\":");
    out += QJsonDocument(looplab).toJson(QJsonDocument::Compact);
    out += QByteArrayLiteral(",\"traceEvents\":[");
    EventText events(out);
    int pid = 0;
    for (const auto& lab : result.data.labs) {
        ++pid;
        events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("name"), QStringLiteral("process_name")}, {QStringLiteral("pid"), pid},
            {QStringLiteral("args"),
                QJsonObject{{QStringLiteral("name"), lab.id + QStringLiteral(" (") + lab.kind + QLatin1Char(')')}}}});
        int tid = 0;
        for (const auto& lane : lab.lanes) {
            ++tid;
            events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                {QStringLiteral("name"), QStringLiteral("thread_name")}, {QStringLiteral("pid"), pid},
                {QStringLiteral("tid"), tid},
                {QStringLiteral("args"),
                    QJsonObject{{QStringLiteral("name"), lane.name}, {QStringLiteral("group"), lane.group}}}});
            for (const auto& span : lane.spans)
                events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("X")},
                    {QStringLiteral("name"), QLatin1String(metrics::laneStateName(span.state))},
                    {QStringLiteral("cat"), lane.group}, {QStringLiteral("pid"), pid}, {QStringLiteral("tid"), tid},
                    {QStringLiteral("ts"), us(span.startNs)}, {QStringLiteral("dur"), us(span.endNs - span.startNs)}});
        }
        for (const auto& s : lab.series) {
            const QString name = s.name + QStringLiteral(" [") + s.unit + QLatin1Char(']');
            double last = std::nan("");
            for (size_t i = 0; i < s.values.size(); ++i) {
                const double v = s.values[i];
                if (!std::isfinite(v) || v == last) // counters hold their value: only changes
                    continue;
                last = v;
                events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("C")}, {QStringLiteral("name"), name},
                    {QStringLiteral("pid"), pid}, {QStringLiteral("ts"), us(s.startNs + int64_t(i) * s.binNs)},
                    {QStringLiteral("args"), QJsonObject{{QStringLiteral("value"), v}}}});
            }
        }
        for (const auto& m : lab.marks)
            events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("i")}, {QStringLiteral("name"), m.name},
                {QStringLiteral("s"), QStringLiteral("p")}, {QStringLiteral("pid"), pid},
                {QStringLiteral("ts"), us(m.tNs)},
                {QStringLiteral("args"), QJsonObject{{QStringLiteral("value"), m.value}}}});
    }
    out += QByteArrayLiteral("]}");
    return out;
}

} // namespace looplab::exporting

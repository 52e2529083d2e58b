#include "python_log.h"

#include <QHash>

#include <mutex>

namespace looplab::labs::python {

namespace {

struct Log {
    QByteArray text;
    uint64_t dropped = 0;
    uint64_t serial = 0;
};

std::mutex& mutex()
{
    static std::mutex m;
    return m;
}

QHash<QString, Log>& logs()
{
    static QHash<QString, Log> l;
    return l;
}

uint64_t g_serial = 0;

} // namespace

void logBegin(const QString& labId)
{
    std::lock_guard lock(mutex());
    Log& l = logs()[labId];
    l.text.clear();
    l.dropped = 0;
    l.serial = ++g_serial;
}

void logAppend(const QString& labId, const char* data, qsizetype n)
{
    std::lock_guard lock(mutex());
    Log& l = logs()[labId];
    const qsizetype room = std::max<qsizetype>(0, kMaxLogBytes - l.text.size());
    const qsizetype keep = std::min(room, n);
    l.text.append(data, keep);
    l.dropped += uint64_t(n - keep);
}

LogView logRead(const QString& labId, qsizetype from)
{
    std::lock_guard lock(mutex());
    LogView v;
    const auto it = logs().constFind(labId);
    if (it == logs().constEnd())
        return v;
    v.size = it->text.size();
    v.dropped = it->dropped;
    v.serial = it->serial;
    if (from < v.size)
        v.text = it->text.mid(std::max<qsizetype>(0, from));
    return v;
}

} // namespace looplab::labs::python

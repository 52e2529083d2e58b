#include "python_log.h"

#include "per_lab_store.h"

namespace looplab::labs::python {

namespace {

struct Log {
    QByteArray text;
    uint64_t dropped = 0;
    uint64_t serial = 0;
};

PerLabStore<Log>& logs()
{
    static PerLabStore<Log> l;
    return l;
}

} // namespace

void logBegin(const QString& labId)
{
    logs().begin(labId);
}

void logAppend(const QString& labId, const char* data, qsizetype n)
{
    logs().with(labId, [&](Log& l) {
        const qsizetype room = std::max<qsizetype>(0, kMaxLogBytes - l.text.size());
        const qsizetype keep = std::min(room, n);
        l.text.append(data, keep);
        l.dropped += uint64_t(n - keep);
    });
}

LogView logRead(const QString& labId, qsizetype from)
{
    return logs().read(labId, [&](const Log* l) {
        LogView v;
        if (!l)
            return v;
        v.size = l->text.size();
        v.dropped = l->dropped;
        v.serial = l->serial;
        if (from < v.size)
            v.text = l->text.mid(std::max<qsizetype>(0, from));
        return v;
    });
}

} // namespace looplab::labs::python

#pragma once
// The console of a python lab: what the child wrote to stdout and stderr, kept per lab id so the
// window's console pane can follow it live and the headless run can save it as python.log.
// Bounded: beyond kMaxBytes the rest is counted, not kept (a script printing megabytes costs
// LoopLab nothing but the counting).
#include <QByteArray>
#include <QString>

#include <cstdint>

namespace looplab::labs::python {

constexpr qsizetype kMaxLogBytes = 4 << 20;

// Lab side: start a fresh log for `labId`, then append to it (any thread).
void logBegin(const QString& labId);
void logAppend(const QString& labId, const char* data, qsizetype n);

struct LogView {
    QByteArray text; // bytes from `from` on
    qsizetype size = 0; // bytes kept so far
    uint64_t dropped = 0; // bytes beyond the limit
    uint64_t serial = 0; // changes when the lab starts a new log
};
// Reader side: the log of `labId` from byte `from` on.
LogView logRead(const QString& labId, qsizetype from = 0);

} // namespace looplab::labs::python

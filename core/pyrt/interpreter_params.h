#pragma once
// The parameters every lab that emulates CPython takes, worded once: `interpreter` (cpython | free_threaded) and
// `switch_interval_ms` (sys.setswitchinterval). A lab adds only its own line on who shares the GIL there.
#include "pyrt/interpreter.h"
#include "scenario/param_spec.h"

namespace looplab::pyrt {

// `whoEn` / `whoZh`: what shares the one GIL in this lab ("the event loop thread and its to_thread workers").
inline scenario::ParamSpec interpreterParam(const QString& whoEn, const QString& whoZh)
{
    return scenario::ParamSpec::choice(QStringLiteral("interpreter"), QStringLiteral("cpython"),
        {QStringLiteral("cpython"), QStringLiteral("free_threaded")},
        QStringLiteral("the emulated Python: cpython (one GIL: %1) or free_threaded (3.13t, no GIL)").arg(whoEn),
        QStringLiteral("模拟的 Python：cpython（一个 GIL：%1）或 free_threaded（3.13t，无 GIL）").arg(whoZh));
}

// `whatEn` / `whatZh`: which CPU work the choice is about ("what runs in cpu_ms").
inline scenario::ParamSpec codeKindParam(
    const QString& name, const QString& whatEn, const QString& whatZh, bool live = false)
{
    return scenario::ParamSpec::choice(name, QStringLiteral("python"),
        {QStringLiteral("python"), QStringLiteral("releases_gil")},
        QStringLiteral("%1: python (pure-Python code: holds the GIL, so threads that run it take turns on one core) "
                       "or releases_gil (C code that drops the GIL: NumPy, hashlib, FAISS)")
            .arg(whatEn),
        QStringLiteral(
            "%1：python（纯 Python 代码：持有 GIL，运行它的线程只能轮流使用一个核）或 releases_gil（释放 GIL "
            "的 C 代码：NumPy、hashlib、FAISS）")
            .arg(whatZh),
        live);
}

inline scenario::ParamSpec switchIntervalParam(double defaultMs = kDefaultSwitchIntervalMs)
{
    return scenario::ParamSpec::real(QStringLiteral("switch_interval_ms"), defaultMs, 0.1, 1000, QStringLiteral("ms"),
        QStringLiteral(
            "sys.setswitchinterval: how long a thread waits for the GIL before it asks the holder to drop it"),
        QStringLiteral("sys.setswitchinterval：线程等待 GIL 多久后请求持有者释放"))
        .unusedWhen({QStringLiteral("interpreter=free_threaded")});
}

} // namespace looplab::pyrt

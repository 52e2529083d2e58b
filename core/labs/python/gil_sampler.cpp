#include "gil_sampler.h"

#include "elf_symbols.h"
#include "python_offsets.h"

#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace looplab::labs::python {

GilOffsets gilOffsets()
{
    GilOffsets o;
#if LOOPLAB_PY_HEADERS
    o.available = true;
    o.versionHex = LOOPLAB_PY_VERSION_HEX;
    o.locked = LOOPLAB_PY_GIL_LOCKED;
    o.lockedSize = LOOPLAB_PY_GIL_LOCKED_SIZE;
    o.lastHolder = LOOPLAB_PY_GIL_LAST_HOLDER;
    o.switchNumber = LOOPLAB_PY_GIL_SWITCH_NUMBER;
    o.tstateNativeId = LOOPLAB_PY_TSTATE_NATIVE_ID;
#endif
    return o;
}

bool GilReader::readMemory(uint64_t address, void* out, size_t n) const
{
    iovec local{out, n};
    iovec remote{reinterpret_cast<void*>(address), n};
    return process_vm_readv(m_pid, &local, 1, &remote, 1, 0) == ssize_t(n);
}

bool GilReader::attach(int pid, const std::string& interpreter, std::string* why)
{
    auto fail = [&](const std::string& s) {
        if (why)
            *why = s;
        m_pid = 0;
        return false;
    };
    m_off = gilOffsets();
    if (!m_off.available)
        return fail(
            "not sampled: LoopLab was built without python3.11-dev's headers (the GIL's field offsets come from them)");
    std::string error;
    const auto runtime = findDynamicSymbol(interpreter, "_PyRuntime", &error);
    if (!runtime)
        return fail("not sampled: " + error);
    const auto version = findDynamicSymbol(interpreter, "Py_Version", &error);
    if (!version)
        return fail("not sampled: " + error + " (CPython 3.11 or later exports it)");
    uint64_t base = 0;
    if (runtime->positionIndependent) {
        const auto b = loadBase(pid, interpreter);
        if (!b)
            return fail("not sampled: cannot find where " + interpreter + " is loaded in the child");
        base = *b;
    }
    m_pid = pid;
    m_runtime = base + runtime->value;
    uint32_t hex = 0;
    if (!readMemory(base + version->value, &hex, sizeof hex)) {
        const int e = errno;
        return fail(
            "not sampled: cannot read the child's memory (process_vm_readv: " + std::string(std::strerror(e)) + ")");
    }
    // Major and minor must match the headers the offsets came from.
    if ((hex >> 16) != (m_off.versionHex >> 16)) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
            "not sampled: the interpreter is CPython %u.%u; this LoopLab reads the GIL of %lu.%lu (its offsets come "
            "from those headers)",
            hex >> 24, (hex >> 16) & 0xff, m_off.versionHex >> 24, (m_off.versionHex >> 16) & 0xff);
        return fail(buf);
    }
    m_lastTstate = 0;
    m_lastTid = 0;
    return true;
}

bool GilReader::read(GilSample& out)
{
    if (m_pid <= 0)
        return false;
    // locked, last_holder and switch_number are neighbours: one read covers them.
    const size_t lo = std::min({m_off.locked, m_off.lastHolder, m_off.switchNumber});
    const size_t hi = std::max({m_off.locked + m_off.lockedSize, m_off.lastHolder + 8, m_off.switchNumber + 8});
    unsigned char buf[256];
    if (hi - lo > sizeof buf || !readMemory(m_runtime + lo, buf, hi - lo))
        return false;
    int locked = 0;
    std::memcpy(&locked, buf + (m_off.locked - lo), std::min<size_t>(m_off.lockedSize, sizeof locked));
    uint64_t holder = 0;
    std::memcpy(&holder, buf + (m_off.lastHolder - lo), 8);
    std::memcpy(&out.switchNumber, buf + (m_off.switchNumber - lo), 8);
    out.held = locked != 0;
    if (holder != m_lastTstate) {
        unsigned long tid = 0;
        if (holder == 0 || !readMemory(holder + m_off.tstateNativeId, &tid, sizeof tid))
            tid = 0; // the thread state went away between the two reads
        m_lastTstate = holder;
        m_lastTid = long(tid);
    }
    out.holderTid = m_lastTid;
    return true;
}

} // namespace looplab::labs::python

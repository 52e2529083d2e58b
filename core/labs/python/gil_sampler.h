#pragma once
// Reads the GIL of a CPython child from its memory (process_vm_readv, allowed for one's own
// child): `_PyRuntime.ceval.gil.{locked,last_holder,switch_number}` and the holder thread
// state's `native_thread_id`, at offsets generated at build time from CPython's own internal
// headers (python_offsets.h, see gil_offsets.c). Nothing is hard-coded: where the headers were
// missing at build time, or the interpreter is another version, attach() says why.
#include <cstdint>
#include <string>

namespace looplab::labs::python {

struct GilOffsets {
    bool available = false; // built with python3.11-dev's headers
    unsigned long versionHex = 0;
    size_t locked = 0, lockedSize = 0, lastHolder = 0, switchNumber = 0, tstateNativeId = 0;
};
// The offsets this LoopLab was built with.
GilOffsets gilOffsets();

struct GilSample {
    bool held = false;
    long holderTid = 0; // native thread id of the holder (or of the last holder when released)
    uint64_t switchNumber = 0;
};

class GilReader
{
public:
    // Checks everything once: the headers, the interpreter's `_PyRuntime` and `Py_Version`
    // symbols, the version in the child's memory and that its memory can be read. `pid` must
    // already run the interpreter (after exec). On false, `why` is a sentence for the window.
    bool attach(int pid, const std::string& interpreter, std::string* why);
    // One sample; false when the child is gone or unreadable.
    bool read(GilSample& out);
    bool attached() const { return m_pid > 0; }

private:
    bool readMemory(uint64_t address, void* out, size_t n) const;

    int m_pid = 0;
    GilOffsets m_off;
    uint64_t m_runtime = 0;
    uint64_t m_lastTstate = 0;
    long m_lastTid = 0;
};

} // namespace looplab::labs::python

#pragma once
// GPU utilisation and memory from NVML, loaded at run time (libnvidia-ml.so.1 comes with the
// driver, not the toolkit): no link dependency, and simply unavailable where there is no driver.
#include <QString>

namespace looplab::labs::search {

class NvmlProbe
{
public:
    NvmlProbe();
    ~NvmlProbe();
    NvmlProbe(const NvmlProbe&) = delete;
    NvmlProbe& operator=(const NvmlProbe&) = delete;

    bool available() const { return m_device != nullptr; }
    QString reason() const { return m_reason; }
    // false when a reading failed. utilPct: share of the last sample period a kernel ran.
    bool read(double* utilPct, double* memUsedMiB) const;

private:
    void* m_lib = nullptr;
    void* m_device = nullptr;
    QString m_reason;
    int (*m_util)(void*, void*) = nullptr;
    int (*m_mem)(void*, void*) = nullptr;
    int (*m_shutdown)() = nullptr;
};

} // namespace looplab::labs::search

#include "nvml_probe.h"

#include <dlfcn.h>

namespace looplab::labs::search {

namespace {
// The two NVML structs we read, as nvml.h lays them out.
struct NvmlUtilization {
    unsigned int gpu;
    unsigned int memory;
};
struct NvmlMemory {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
} // namespace

NvmlProbe::NvmlProbe()
{
    m_lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!m_lib) {
        m_reason = QStringLiteral("NVML not found (libnvidia-ml.so.1: no NVIDIA driver)");
        return;
    }
    auto init = reinterpret_cast<int (*)()>(dlsym(m_lib, "nvmlInit_v2"));
    auto byIndex = reinterpret_cast<int (*)(unsigned, void**)>(dlsym(m_lib, "nvmlDeviceGetHandleByIndex_v2"));
    m_util = reinterpret_cast<int (*)(void*, void*)>(dlsym(m_lib, "nvmlDeviceGetUtilizationRates"));
    m_mem = reinterpret_cast<int (*)(void*, void*)>(dlsym(m_lib, "nvmlDeviceGetMemoryInfo"));
    m_shutdown = reinterpret_cast<int (*)()>(dlsym(m_lib, "nvmlShutdown"));
    if (!init || !byIndex || !m_util || !m_mem || !m_shutdown) {
        m_reason = QStringLiteral("NVML lacks the expected functions");
        return;
    }
    if (int rc = init(); rc != 0) {
        m_reason = QStringLiteral("nvmlInit failed (%1)").arg(rc);
        m_shutdown = nullptr;
        return;
    }
    void* dev = nullptr;
    if (int rc = byIndex(0, &dev); rc != 0 || !dev) {
        m_reason = QStringLiteral("NVML sees no device 0 (%1)").arg(rc);
        return;
    }
    m_device = dev;
}

NvmlProbe::~NvmlProbe()
{
    if (m_shutdown)
        m_shutdown();
    if (m_lib)
        dlclose(m_lib);
}

bool NvmlProbe::read(double* utilPct, double* memUsedMiB) const
{
    if (!m_device)
        return false;
    NvmlUtilization u{};
    NvmlMemory m{};
    if (m_util(m_device, &u) != 0 || m_mem(m_device, &m) != 0)
        return false;
    *utilPct = u.gpu;
    *memUsedMiB = double(m.used) / (1024.0 * 1024.0);
    return true;
}

} // namespace looplab::labs::search

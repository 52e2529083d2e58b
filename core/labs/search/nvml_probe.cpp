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

VisibleDevices parseCudaVisibleDevices(const QByteArray& value, bool isSet)
{
    VisibleDevices v;
    v.set = isSet;
    if (!isSet)
        return v;
    for (const QByteArray& raw : value.split(',')) {
        const QString e = QString::fromLatin1(raw.trimmed());
        if (e.startsWith(QLatin1String("GPU-")) || e.startsWith(QLatin1String("MIG-"))) {
            if (e.size() <= 4)
                break;
            v.entries << e;
            continue;
        }
        // CUDA reads a leading unsigned decimal number; anything else (-1, a name) ends the list.
        bool ok = false;
        const uint idx = e.toUInt(&ok);
        if (!ok || e.startsWith(QLatin1Char('+')))
            break;
        v.entries << QString::number(idx);
    }
    return v;
}

NvmlProbe::NvmlProbe(const QString& pciBusId)
{
    m_lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!m_lib) {
        m_reason = QStringLiteral("NVML not found (libnvidia-ml.so.1: no NVIDIA driver)");
        return;
    }
    auto init = reinterpret_cast<int (*)()>(dlsym(m_lib, "nvmlInit_v2"));
    auto byIndex = reinterpret_cast<int (*)(unsigned, void**)>(dlsym(m_lib, "nvmlDeviceGetHandleByIndex_v2"));
    auto byBusId = reinterpret_cast<int (*)(const char*, void**)>(dlsym(m_lib, "nvmlDeviceGetHandleByPciBusId_v2"));
    auto byUuid = reinterpret_cast<int (*)(const char*, void**)>(dlsym(m_lib, "nvmlDeviceGetHandleByUUID"));
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
    if (!pciBusId.isEmpty()) {
        // The one reliable match: the PCI bus id CUDA reported for the device it searches on.
        if (!byBusId || byBusId(pciBusId.toLatin1().constData(), &dev) != 0 || !dev) {
            m_reason = QStringLiteral("NVML does not know the CUDA device's PCI bus id %1").arg(pciBusId);
            return;
        }
        m_how = QStringLiteral("PCI bus id %1").arg(pciBusId);
    } else {
        const VisibleDevices visible = parseCudaVisibleDevices(
            qgetenv("CUDA_VISIBLE_DEVICES"), qEnvironmentVariableIsSet("CUDA_VISIBLE_DEVICES"));
        const QString first = visible.entries.value(0);
        const bool pciOrder = qgetenv("CUDA_DEVICE_ORDER") == "PCI_BUS_ID";
        if (visible.set && first.isEmpty()) {
            m_reason = QStringLiteral("CUDA_VISIBLE_DEVICES hides every GPU");
            return;
        }
        if (first.startsWith(QLatin1String("GPU-")) && byUuid && byUuid(first.toLatin1().constData(), &dev) == 0
            && dev) {
            m_how = QStringLiteral("UUID %1").arg(first);
        } else if (!first.isEmpty() && !first.startsWith(QLatin1String("GPU-"))
            && !first.startsWith(QLatin1String("MIG-")) && pciOrder && byIndex(first.toUInt(), &dev) == 0 && dev) {
            m_how = QStringLiteral("index %1 (CUDA_DEVICE_ORDER=PCI_BUS_ID)").arg(first);
        } else if (!visible.set && pciOrder && byIndex(0, &dev) == 0 && dev) {
            m_how = QStringLiteral("index 0 (CUDA_DEVICE_ORDER=PCI_BUS_ID)");
        } else {
            // Guessing could chart another GPU than the one searched on: show nothing instead.
            m_reason = QStringLiteral("cannot tell which NVML device CUDA uses (no PCI bus id)");
            return;
        }
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

#pragma once
// GPU utilisation and memory from NVML, loaded at run time (libnvidia-ml.so.1 comes with the
// driver, not the toolkit): no link dependency, and simply unavailable where there is no driver.
//
// It must read the GPU that CUDA searches on. NVML numbers devices in PCI order and ignores
// CUDA_VISIBLE_DEVICES, while CUDA's device 0 is the first *visible* device (in its own order):
// so the device is found by its PCI bus id (cudaDeviceGetPCIBusId → nvmlDeviceGetHandleByPciBusId_v2),
// and only without one by the first CUDA_VISIBLE_DEVICES entry (a UUID, or an index that is
// trusted only when CUDA_DEVICE_ORDER=PCI_BUS_ID makes both orders the same).
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace looplab::labs::search {

// CUDA_VISIBLE_DEVICES as CUDA reads it: a comma-separated list of device indices or UUIDs
// ("GPU-…", "MIG-…"); the list ends at the first entry that is neither (so "0,x,1" is just "0",
// and "-1" or "" hide every device). Entries come back trimmed; indices as decimal strings.
struct VisibleDevices {
    bool set = false; // the variable exists (an empty list then hides every GPU)
    QStringList entries;
};
VisibleDevices parseCudaVisibleDevices(const QByteArray& value, bool isSet = true);

class NvmlProbe
{
public:
    // `pciBusId`: the CUDA device's ("0000:41:00.0"), empty when unknown.
    explicit NvmlProbe(const QString& pciBusId = {});
    ~NvmlProbe();
    NvmlProbe(const NvmlProbe&) = delete;
    NvmlProbe& operator=(const NvmlProbe&) = delete;

    bool available() const { return m_device != nullptr; }
    QString how() const { return m_how; } // how the device was matched ("PCI bus id 0000:41:00.0")
    QString reason() const { return m_reason; }
    // false when a reading failed. utilPct: share of the last sample period a kernel ran.
    bool read(double* utilPct, double* memUsedMiB) const;

private:
    void* m_lib = nullptr;
    void* m_device = nullptr;
    QString m_reason;
    QString m_how;
    int (*m_util)(void*, void*) = nullptr;
    int (*m_mem)(void*, void*) = nullptr;
    int (*m_shutdown)() = nullptr;
};

} // namespace looplab::labs::search

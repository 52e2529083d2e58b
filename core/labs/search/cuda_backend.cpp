// The lab's `cuda` backend: a thin adapter over looplab::cuda::GpuFlatIndex, compiled in only when
// LoopLab was configured with CUDA (LOOPLAB_WITH_CUDA); otherwise it explains why there is none.
#include "dataset.h"
#include "search_backend.h"

#ifdef LOOPLAB_WITH_CUDA
#include "cuda/gpu_flat_index.h"
#endif

namespace looplab::labs::search {

#ifdef LOOPLAB_WITH_CUDA

namespace {

class CudaBackend final : public SearchBackend
{
public:
    CudaBackend(const Dataset& data, const cuda::DeviceInfo& info)
        : m_index(data.vectors.data(), data.n, data.dim, info.device)
        , m_name(QString::fromStdString(info.name))
    { }
    void search(int64_t n, const float* x, int k, float* distances, int64_t* ids) override
    {
        m_index.search(n, x, k, distances, ids);
    }
    int kind() const override { return 1; }
    QString describe() const override { return QStringLiteral("CUDA brute force on %1").arg(m_name); }

private:
    cuda::GpuFlatIndex m_index;
    QString m_name;
};

} // namespace

bool cudaUsable(QString* reason)
{
    const cuda::DeviceInfo info = cuda::probeDevice();
    if (!info.usable && reason)
        *reason = QString::fromStdString(info.reason);
    return info.usable;
}

QString cudaPciBusId()
{
    return QString::fromStdString(cuda::probeDevice().pciBusId);
}

std::unique_ptr<SearchBackend> makeCudaBackend(const Dataset& data, QString* reason)
{
    const cuda::DeviceInfo info = cuda::probeDevice();
    if (!info.usable) {
        if (reason)
            *reason = QString::fromStdString(info.reason);
        return nullptr;
    }
    try {
        return std::make_unique<CudaBackend>(data, info);
    } catch (const std::exception& e) {
        if (reason)
            *reason = QString::fromUtf8(e.what());
        return nullptr;
    }
}

#else

namespace {
const char* kNoCuda = "LoopLab was built without CUDA (configured with LOOPLAB_CUDA=OFF, or nvcc was not found)";
}

bool cudaUsable(QString* reason)
{
    if (reason)
        *reason = QLatin1String(kNoCuda);
    return false;
}

QString cudaPciBusId()
{
    return {};
}

std::unique_ptr<SearchBackend> makeCudaBackend(const Dataset&, QString* reason)
{
    if (reason)
        *reason = QLatin1String(kNoCuda);
    return nullptr;
}

#endif

} // namespace looplab::labs::search

#include "catalog.h"

#include "labs/api/api_lab.h"
#include "labs/event_loop/event_loop_lab.h"
#include "labs/pipeline/pipeline_lab.h"
#include "labs/pool/pool_lab.h"
#include "labs/python/python_lab.h"
#include "labs/search/search_lab.h"

#include <functional>

namespace looplab {

namespace {

struct Entry {
    scenario::KindSpec spec;
    std::function<std::unique_ptr<engine::Lab>(const scenario::LabConfig&)> create;
};

class Catalog final : public engine::LabFactory
{
public:
    Catalog()
    {
        // One line per lab kind, in the order of the course.
        m_entries.push_back({labs::eventLoopKindSpec(), &labs::createEventLoopLab});
        m_entries.push_back({labs::poolKindSpec(), &labs::createPoolLab});
        m_entries.push_back({labs::pipelineKindSpec(), &labs::createPipelineLab});
        m_entries.push_back({labs::apiKindSpec(), &labs::createApiLab});
        m_entries.push_back({labs::vectorSearchKindSpec(), &labs::createVectorSearchLab});
        m_entries.push_back({labs::pythonKindSpec(), &labs::createPythonLab});
    }

    const scenario::KindSpec* find(const QString& kind) const override
    {
        for (const auto& e : m_entries)
            if (e.spec.kind == kind)
                return &e.spec;
        return nullptr;
    }

    QStringList kinds() const override
    {
        QStringList out;
        for (const auto& e : m_entries)
            out << e.spec.kind;
        return out;
    }

    std::unique_ptr<engine::Lab> create(const scenario::LabConfig& config) const override
    {
        for (const auto& e : m_entries)
            if (e.spec.kind == config.kind)
                return e.create(config);
        return nullptr;
    }

private:
    std::vector<Entry> m_entries;
};

} // namespace

const engine::LabFactory& labCatalog()
{
    static const Catalog catalog;
    return catalog;
}

} // namespace looplab

#pragma once
// The list of lab kinds: their parameter specs (for the loader, schema and editor) and how to
// create one. Implemented in core/catalog, which links every lab.
#include "lab.h"
#include "scenario/param_spec.h"

#include <memory>

namespace looplab::engine {

class LabFactory : public scenario::KindCatalog
{
public:
    virtual std::unique_ptr<Lab> create(const scenario::LabConfig& config) const = 0;
};

} // namespace looplab::engine

#pragma once
// Entry points of the api lab for the catalog.
#include "engine/lab.h"
#include "scenario/param_spec.h"

#include <memory>

namespace looplab::labs {

scenario::KindSpec apiKindSpec();
std::unique_ptr<engine::Lab> createApiLab(const scenario::LabConfig& config);

} // namespace looplab::labs

#pragma once
// Entry points of the vector_search lab for the catalog.
#include "engine/lab.h"
#include "scenario/param_spec.h"

#include <memory>

namespace looplab::labs {

scenario::KindSpec vectorSearchKindSpec();
std::unique_ptr<engine::Lab> createVectorSearchLab(const scenario::LabConfig& config);

} // namespace looplab::labs

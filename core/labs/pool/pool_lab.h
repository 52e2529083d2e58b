#pragma once
// Entry points of the pool lab for the catalog.
#include "engine/lab.h"
#include "scenario/param_spec.h"

#include <memory>

namespace looplab::labs {

scenario::KindSpec poolKindSpec();
std::unique_ptr<engine::Lab> createPoolLab(const scenario::LabConfig& config);

} // namespace looplab::labs

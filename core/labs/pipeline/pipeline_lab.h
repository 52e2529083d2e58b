#pragma once
// Entry points of the pipeline lab for the catalog.
#include "engine/lab.h"
#include "scenario/param_spec.h"

#include <memory>

namespace looplab::labs {

scenario::KindSpec pipelineKindSpec();
std::unique_ptr<engine::Lab> createPipelineLab(const scenario::LabConfig& config);

} // namespace looplab::labs
